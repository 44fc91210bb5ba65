#!/usr/bin/env python3
"""Counts the saves of one file from outside the server: every save renames a temporary file over it, which
inotify reports as IN_MOVED_TO on the folder. Runs until SIGTERM/SIGINT, then prints the count.

    python3 bench/count_saves.py FILE READY_FILE

READY_FILE is written once the watch is in place.
"""

import ctypes
import os
import signal
import struct
import sys

IN_MOVED_TO = 0x00000080
EVENT = struct.Struct("iIII")


def main():
    path, ready = sys.argv[1], sys.argv[2]
    directory, name = os.path.split(os.path.abspath(path))
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init()
    if fd < 0 or libc.inotify_add_watch(fd, directory.encode(), IN_MOVED_TO) < 0:
        sys.exit(f"count_saves: inotify on {directory}: {os.strerror(ctypes.get_errno())}")
    count = 0

    class Stop(Exception):
        pass

    def stop(*_):
        raise Stop()  # os.read retries after EINTR (PEP 475): only an exception gets out of it

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(ready, "w") as out:
        out.write("ready\n")
    while True:
        try:
            data = os.read(fd, 65536)
        except Stop:
            break
        offset = 0
        while offset < len(data):
            _, mask, _, length = EVENT.unpack_from(data, offset)
            offset += EVENT.size
            event_name = data[offset : offset + length].rstrip(b"\0").decode()
            offset += length
            if mask & IN_MOVED_TO and event_name == name:
                count += 1
    print(count)


if __name__ == "__main__":
    main()
