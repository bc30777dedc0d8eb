"""Prints a numbered line every 0.5 s, for `hop3 logs` tests."""
import time

n = 0
while True:
    n += 1
    print(f"tick {n}", flush=True)
    time.sleep(0.5)
