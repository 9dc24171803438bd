"""The timer of the natural-spelling scripts (dict_loops.py, item_writes.py, list_appends.py):
process CPU time per call, the fastest of several batches of at least ``batch_seconds`` each."""
import time


def fastest(fn, args, batches=5, batch_seconds=0.05):
    times = []
    for _ in range(batches):
        start, calls = time.process_time(), 0
        while time.process_time() - start < batch_seconds:
            fn(*args)
            calls += 1
        times.append((time.process_time() - start) / calls)
    return min(times)
