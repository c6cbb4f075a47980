"""W6 on CPython: n tasks wait on one asyncio.Event; set() resumes them all. Reports the rate."""

import asyncio
import time

from harness import bench, expect_equal


async def main(n):
    event = asyncio.Event()
    resumed = 0
    done = asyncio.get_running_loop().create_future()

    async def waiter():
        nonlocal resumed
        await event.wait()
        resumed += 1
        if resumed == n:
            done.set_result(None)

    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)  # every task has started and is blocked
    t0 = time.perf_counter()
    event.set()
    await done
    seconds = time.perf_counter() - t0
    await asyncio.gather(*tasks)
    return resumed, n / seconds


def w6(params):
    n = params["n"]
    resumed, rate = asyncio.run(main(n))
    expect_equal(resumed, n, "W6 CPython waiters resumed")
    return {"rate": rate}


bench(w6)
