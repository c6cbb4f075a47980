"""W4 on CPython: asyncio.Queue(100); one producer puts 0 … n-1 then one None per consumer."""

import asyncio

from harness import bench, expect_equal


async def main(n, size, consumers):
    queue = asyncio.Queue(size)
    total = 0

    async def consume():
        nonlocal total
        while True:
            item = await queue.get()
            if item is None:
                return
            total += item

    async def produce():
        for i in range(n):
            await queue.put(i)
        for _ in range(consumers):
            await queue.put(None)

    await asyncio.gather(*(consume() for _ in range(consumers)), produce())
    return total


def w4(params):
    n, size, consumers = params["n"], params["size"], params["consumers"]
    expect_equal(asyncio.run(main(n, size, consumers)), n * (n - 1) // 2, "W4 CPython sum")


bench(w4)
