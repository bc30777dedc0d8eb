"""Writes ~200 MB of log lines at ~20 MB/s, then idles: log rotation must keep the disk bounded."""
import os
import sys
import time

line = ("flood " + "x" * 1017 + "\n").encode()
chunk = line * 1024  # 1 MiB
for second in range(10):
    started = time.monotonic()
    for _ in range(20):
        os.write(sys.stdout.fileno(), chunk)
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print("flood done", flush=True)
while True:
    time.sleep(3600)
