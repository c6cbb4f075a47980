"""W7 on CPython: one task per asyncio.sleep (gather wraps each), delay of sleep i = (i mod 201) ms."""

import asyncio
import time

from harness import bench, expect_equal


async def main(n, span_ms):
    results = await asyncio.gather(*(asyncio.sleep((i % (span_ms + 1)) / 1000) for i in range(n)))
    return len(results)


def w7(params):
    n, span_ms = params["n"], params["spanMs"]
    t0 = time.perf_counter()
    ended = asyncio.run(main(n, span_ms))
    wall = (time.perf_counter() - t0) * 1000
    expect_equal(ended, n, "W7 CPython sleeps ended")
    if wall < span_ms - 1:
        raise AssertionError(f"W7 CPython: sleeps up to {span_ms} ms ended after {wall} ms")
    return {"overheadMs": wall - span_ms}


bench(w7)
