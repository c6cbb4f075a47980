"""W1 through a TaskGroup on CPython: n tasks in `async with asyncio.TaskGroup()`, each sleeps 0 once."""

import asyncio

from harness import bench, expect_equal


async def job(i):
    await asyncio.sleep(0)
    return i


async def main(n):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(job(i)) for i in range(n)]
    return sum(t.result() for t in tasks)


def w1_taskgroup(params):
    n = params["n"]
    expect_equal(asyncio.run(main(n)), n * (n - 1) // 2, "W1-TaskGroup CPython sum")


bench(w1_taskgroup)
