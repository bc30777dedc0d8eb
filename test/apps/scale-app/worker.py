"""An idle background process for the scaling tests."""
import time

print("scale-app worker started", flush=True)
while True:
    time.sleep(3600)
