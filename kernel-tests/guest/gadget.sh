#!/bin/sh
# The station board's USB side in the guest: a configfs gadget 1209:0001 with one
# FunctionFS function (board_gadget plays the firmware), on dummy_hcd's UDC.
#   gadget.sh up       create the gadget and mount FunctionFS at /dev/ffs-oss
#   gadget.sh bind     plug: bind the gadget to the UDC
#   gadget.sh unbind   unplug: unbind it
G=/sys/kernel/config/usb_gadget/oss
case $1 in
up)
  mkdir $G || exit 1
  echo 0x1209 > $G/idVendor; echo 0x0001 > $G/idProduct; echo 0x0200 > $G/bcdUSB
  mkdir $G/strings/0x409
  echo "oss rig" > $G/strings/0x409/manufacturer; echo "Station board (FunctionFS)" > $G/strings/0x409/product
  echo "SB-0101" > $G/strings/0x409/serialnumber
  mkdir -p $G/configs/c.1/strings/0x409; echo "board" > $G/configs/c.1/strings/0x409/configuration
  mkdir $G/functions/ffs.oss || exit 1
  ln -s $G/functions/ffs.oss $G/configs/c.1/ || exit 1
  mkdir -p /dev/ffs-oss && mount -t functionfs oss /dev/ffs-oss;;
bind) ls /sys/class/udc > $G/UDC;;
unbind) echo "" > $G/UDC;;
*) echo "usage: gadget.sh up|bind|unbind" >&2; exit 2;;
esac
