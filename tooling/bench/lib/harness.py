"""Runs one (workload, CPython) file in a fresh process: warm-up, full GC, one measured call.

A system file ends with `bench(measured)`, where `measured(params)` runs the workload (usually through
`asyncio.run`), checks its result, raises when it is wrong, and may return a dict of extra metrics.
The runner starts it as `python3 file.py '<json: { params, warmup, warmupRuns }>'` with this folder on
PYTHONPATH. It prints one JSON line: {"ms": wall time, "rssPeakBytes": peak RSS, ...metrics}.
"""

import gc
import json
import resource
import sys
import time


def bench(measured):
    spec = json.loads(sys.argv[1])
    for _ in range(spec["warmupRuns"]):
        measured(spec["warmup"])
    gc.collect()
    t0 = time.perf_counter()
    metrics = measured(spec["params"]) or {}
    ms = (time.perf_counter() - t0) * 1000
    rss_peak_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({"ms": ms, "rssPeakBytes": rss_peak_bytes, **metrics}), flush=True)


def expect_equal(actual, expected, what):
    """Fail loudly: a benchmark that computes the wrong thing measures nothing."""
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")
