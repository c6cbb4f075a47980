"""W3 on CPython: the producer acquires asyncio.Semaphore(16) before it creates each job's task, the
task adds the job's result to the sum and releases the semaphore; taking all 16 permits at the end
waits for the last jobs. Each job sleeps 0 once and returns its index."""

import asyncio

from harness import bench, expect_equal


async def job(i):
    await asyncio.sleep(0)
    return i


async def main(n, concurrency):
    sem = asyncio.Semaphore(concurrency)
    total = 0

    async def run_job(i):
        nonlocal total
        try:
            result = await job(i)
            total += result
        finally:
            sem.release()

    tasks = set()
    for i in range(n):
        await sem.acquire()
        task = asyncio.create_task(run_job(i))
        tasks.add(task)  # keep a reference, as asyncio's docs ask
        task.add_done_callback(tasks.discard)
    for _ in range(concurrency):
        await sem.acquire()
    return total


def w3(params):
    n, concurrency = params["n"], params["concurrency"]
    expect_equal(asyncio.run(main(n, concurrency)), n * (n - 1) // 2, "W3 CPython sum")


bench(w3)
