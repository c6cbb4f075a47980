"""W1 on CPython (as W1): n coroutines, each `await asyncio.sleep(0)` once and returns its index; asyncio.gather."""

import asyncio

from harness import bench, expect_equal


async def job(i):
    await asyncio.sleep(0)
    return i


async def main(n):
    results = await asyncio.gather(*(job(i) for i in range(n)))
    return sum(results)


def w1_gather(params):
    n = params["n"]
    expect_equal(asyncio.run(main(n)), n * (n - 1) // 2, "W1-gather CPython sum")


bench(w1_gather)
