// What scripts/check-layers.sh must report in this file and what it must not (the FLAG lines are reported). Never built.
@preconcurrency import Glibc
import struct CEvdev.input_event
import Foundation

// write(1, p, 2) in a comment
/* nested /* close(3) */ still comment read(1) */
struct Writer {
    let fd: Int32
    func write(_ s: String) { print(s) }
    func go() {
        write("x")                       // member: fine
        Glibc.write(fd, nil, 0)          // FLAG 1
        let s = "pid \(getpid()) and \("nested \(close(fd))")"   // FLAG 2 getpid, FLAG 3 close
        let raw = #"no \(close(1)) here \#(unlink("a"))"#        // FLAG 4 unlink
        let multi = """
            read(0) is text
            \(read(fd, nil, 0))
            """                                                   // FLAG 5 read (line 17)
        var info = stat()                // struct init: fine
        _ = stat("/", &info)             // FLAG 6
        _ = timespec(tv_sec: 1, tv_nsec: 0)   // labeled init: fine
        x.close(); self.open()           // methods: fine
        _ = Foundation.exit              // not a call
        Foundation.exit(1)               // FLAG 7
        _ = libevdev_new()               // FLAG 8 (outside Evdev)
    }
}
enum Entry { case file(Int), link(String)
    case mkdir(mode: Int) }
func export(write: (Int) -> Void) { write(1) }     // parameter: fine
struct Other {
    func f() { link("a", "b"); mkdir("a", 0) }       // FLAG 9, 10: Other has no such members
}
extension Writer {
    func h() { write("y") }                            // member via extension: fine
    struct Inner { func i() { write("z") } }           // outer type member: fine
}
import CXLSXWriter                                     // FLAG 11 (outside Spreadsheet)
struct Sheet {
    func w() { _ = workbook_new("x"); lxw_workbook_free(nil) }      // FLAG 12, 13
    func formatted() { format(1); worksheet.write(x) }              // Swift names: fine
}
