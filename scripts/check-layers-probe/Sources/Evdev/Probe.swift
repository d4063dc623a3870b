// What scripts/check-layers.sh must report in this file and what it must not (the FLAG lines are reported). Never built.
import CEvdev
func g() { _ = libevdev_new(); epoll_wait(1, nil, 0, 0) }   // FLAG 11 epoll_wait only
