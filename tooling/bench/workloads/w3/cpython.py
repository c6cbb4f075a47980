"""W3 on CPython: one task per job behind asyncio.Semaphore(16); each sleeps 0 once, returns its index."""

import asyncio

from harness import bench, expect_equal


async def main(n, concurrency):
    sem = asyncio.Semaphore(concurrency)

    async def job(i):
        async with sem:
            await asyncio.sleep(0)
            return i

    results = await asyncio.gather(*(job(i) for i in range(n)))
    return sum(results)


def w3(params):
    n, concurrency = params["n"], params["concurrency"]
    expect_equal(asyncio.run(main(n, concurrency)), n * (n - 1) // 2, "W3 CPython sum")


bench(w3)
