"""W5 on CPython: n futures settled from one call_soon callback, last made first; as_completed; order checked."""

import asyncio

from harness import bench, expect_equal


async def main(n):
    loop = asyncio.get_running_loop()
    futures = [loop.create_future() for _ in range(n)]

    def settle():
        for i in range(n - 1, -1, -1):
            futures[i].set_result(i)

    loop.call_soon(settle)
    expected = n - 1
    wrong = 0
    for nxt in asyncio.as_completed(futures):
        if await nxt != expected:
            wrong += 1
        expected -= 1
    return wrong + (expected + 1)


def w5(params):
    expect_equal(asyncio.run(main(params["n"])), 0, "W5 CPython values out of order or missing")


bench(w5)
