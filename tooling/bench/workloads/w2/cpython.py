"""W2 on CPython: tasks × iterations of `async with lock: counter += 1; await asyncio.sleep(0)`."""

import asyncio

from harness import bench, expect_equal


async def main(tasks, iterations):
    lock = asyncio.Lock()
    count = 0

    async def worker():
        nonlocal count
        for _ in range(iterations):
            async with lock:
                count += 1
                await asyncio.sleep(0)

    await asyncio.gather(*(worker() for _ in range(tasks)))
    return count


def w2(params):
    tasks, iterations = params["tasks"], params["iterations"]
    expect_equal(asyncio.run(main(tasks, iterations)), tasks * iterations, "W2 CPython counter")


bench(w2)
