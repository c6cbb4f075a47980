"""TaskGroup cases of test/task-group.test.ts on CPython 3.13, on a virtual-time loop.

Run: python3.13 taskgroup_cases.py (from this folder). Each line is what the matching test asserts.
"""

import asyncio

from vloop import run


def now():
    return asyncio.get_running_loop().time()


async def crash_after(t, m="x"):
    await asyncio.sleep(t)
    raise ValueError(m)


async def sibling_then_body():
    # "cancels the body and the other children, and throws an AggregateError of the failure"
    log = []

    async def sib():
        try:
            await asyncio.sleep(1000)
        except asyncio.CancelledError:
            log.append(f"sibling at {now()}")
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash_after(100))
            tg.create_task(sib())
            try:
                await asyncio.sleep(1000)
            except asyncio.CancelledError:
                log.append(f"body at {now()}")
                raise
    except BaseException as e:
        log.append(f"group {type(e).__name__} at {now()}")
    return log


async def test_taskgroup_15():
    start = now()

    async def runner():
        async with asyncio.TaskGroup() as g1:
            g1.create_task(crash_after(300))
            try:
                await asyncio.sleep(10000)
            except asyncio.CancelledError:
                await asyncio.sleep(500)
                raise

    r = asyncio.create_task(runner())
    await asyncio.sleep(100)
    r.cancel()
    try:
        await r
    except BaseException as e:
        return f"15: {type(e).__name__} cancelled={r.cancelled()} at {now() - start}"


async def test_taskgroup_16():
    start = now()

    async def nested_runner():
        async with asyncio.TaskGroup() as g1:
            g1.create_task(crash_after(300))
            try:
                await asyncio.sleep(10000)
            except asyncio.CancelledError:
                await asyncio.sleep(500)
                raise

    async def runner():
        await asyncio.create_task(nested_runner())

    r = asyncio.create_task(runner())
    await asyncio.sleep(100)
    r.cancel()
    try:
        await r
    except BaseException as e:
        return f"16: {type(e).__name__} cancelled={r.cancelled()} at {now() - start}"


async def test_taskgroup_18():
    async def runner():
        async with asyncio.TaskGroup():
            try:
                await asyncio.sleep(10000)
            except asyncio.CancelledError:
                raise KeyError("instead")

    r = asyncio.create_task(runner())
    await asyncio.sleep(100)
    r.cancel()
    try:
        await r
    except BaseException as e:
        return f"18: {type(e).__name__} cancelled={r.cancelled()}"


async def main():
    print(await sibling_then_body())
    print(await test_taskgroup_15())
    print(await test_taskgroup_16())
    print(await test_taskgroup_18())


run(main)
# ['sibling at 100.0', 'body at 100.0', 'group ExceptionGroup at 100.0']
# 15: ExceptionGroup cancelled=False at 300.0
# 16: ExceptionGroup cancelled=False at 300.0
# 18: ExceptionGroup cancelled=False
