"""timeout-scope on CPython: asyncio.timeout() around asyncio.sleep(0), paired with the bare sleep."""

import asyncio
import time

from harness import bench, expect_equal

BLOCKS = 10


async def main(n):
    per = -(-n // BLOCKS)
    with_scope = 0.0
    without = 0.0
    s = 0
    for _ in range(BLOCKS):
        t = time.perf_counter()
        for _ in range(per):
            s += await asyncio.sleep(0, 1)
        without += time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(per):
            async with asyncio.timeout(60):
                s += await asyncio.sleep(0, 1)
        with_scope += time.perf_counter() - t
    return s, per * BLOCKS, with_scope, without


def timeout_scope(params):
    s, ops, with_scope, without = asyncio.run(main(params["n"]))
    expect_equal(s, 2 * ops, "timeout-scope CPython sum")
    return {"nsPerOp": with_scope * 1e9 / ops, "scopeNs": (with_scope - without) * 1e9 / ops}


bench(timeout_scope)
