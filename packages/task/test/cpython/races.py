"""The races of test/races.test.ts on CPython 3.13, on a virtual-time loop: a deadline, a child failure
and an outer cancellation at one virtual instant."""

import asyncio
from vloop import run
def now(): return asyncio.get_running_loop().time()
def desc(e):
    if isinstance(e, BaseExceptionGroup):
        return f"{type(e).__name__}[{', '.join(desc(x) for x in e.exceptions)}]"
    return f"{type(e).__name__}({e})"
async def crash_after(t, m):
    await asyncio.sleep(t); raise ValueError(m)

async def r1():
    # deadline and child failure at the same time; the deadline's timer was armed first
    start = now()
    try:
        async with asyncio.timeout(10):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(crash_after(10, "child"))
                await asyncio.sleep(100)
    except BaseException as e:
        return f"r1 {desc(e)} at {now()-start} cancelling={asyncio.current_task().cancelling()}"

async def r2():
    # deadline, child failure and an outer cancel at the same time
    loop = asyncio.get_running_loop()
    start = now()
    async def body():
        async with asyncio.timeout(10):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(crash_after(10, "child"))
                await asyncio.sleep(100)
    t = asyncio.create_task(body())
    await asyncio.sleep(0)
    loop.call_later(10, t.cancel, "outer")
    try: await t
    except BaseException as e:
        return f"r2 {desc(e)} cancelled={t.cancelled()} at {now()-start}"

async def r3():
    # the child's failure timer is armed before the deadline's (timeout inside the group body)
    start = now()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash_after(10, "child"))
            async with asyncio.timeout(10):
                await asyncio.sleep(100)
    except BaseException as e:
        return f"r3 {desc(e)} at {now()-start} cancelling={asyncio.current_task().cancelling()}"

async def r4():
    # child fails at 10, the outer cancel comes at 10 too (armed before), no deadline
    loop = asyncio.get_running_loop()
    start = now()
    async def body():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash_after(10, "child"))
            await asyncio.sleep(100)
    t = asyncio.create_task(body())
    loop.call_later(10, t.cancel, "outer")
    try: await t
    except BaseException as e:
        return f"r4 {desc(e)} cancelled={t.cancelled()} at {now()-start}"

async def r5():
    # child fails at 10; the outer cancel one iteration later, while the group handles the failure
    loop = asyncio.get_running_loop()
    start = now()
    log = []
    async def body():
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(crash_after(10, "child"))
                await asyncio.sleep(100)
        except BaseException as e:
            log.append(f"group: {desc(e)} cancelling={asyncio.current_task().cancelling()}")
        try:
            await asyncio.sleep(1)
            log.append("next sleep ok")
        except asyncio.CancelledError as e:
            log.append(f"next sleep cancelled at {now()-start}")
            raise
    t = asyncio.create_task(body())
    def later(): loop.call_soon(t.cancel, "outer")
    loop.call_later(10, later)
    try: await t
    except BaseException as e:
        log.append(f"r5 {desc(e)} cancelled={t.cancelled()} at {now()-start}")
    return " | ".join(log)

async def main():
    for r in (r1, r2, r3, r4, r5):
        print(await r())
run(main)
# r1 TimeoutError() at 10.0 cancelling=0
# r2 CancelledError() cancelled=True at 10.0
# r3 ExceptionGroup[TimeoutError()] at 10.0 cancelling=0
# r4 CancelledError(outer) cancelled=True at 10.0
# group: ExceptionGroup[ValueError(child)] cancelling=1 | next sleep cancelled at 10.0 | r5 CancelledError() cancelled=True at 10.0
