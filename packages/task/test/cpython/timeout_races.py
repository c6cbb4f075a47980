"""The timeout races of test/timeout.test.ts on CPython 3.13, on a virtual-time loop."""

import asyncio

from vloop import run


def now():
    return asyncio.get_running_loop().time()


async def same_iteration_cancel_first():
    # The outer cancel was armed before the deadline, for the same time.
    loop = asyncio.get_running_loop()
    t = asyncio.current_task()
    loop.call_later(10, t.cancel, "outer")
    try:
        async with asyncio.timeout(10):
            await asyncio.sleep(100)
    except BaseException as e:
        result = f"cancel first: {type(e).__name__}({e}) at {now()} cancelling={t.cancelling()}"
    t.uncancel()
    return result


async def same_iteration_deadline_first():
    start = now()

    async def body():
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(10):
            loop.call_later(10, asyncio.current_task().cancel, "outer")
            await asyncio.sleep(1000)

    t = asyncio.create_task(body())
    try:
        await t
    except BaseException as e:
        return f"deadline first: {type(e).__name__} cancelled={t.cancelled()} at {now() - start}"


async def outer_cancel_during_cleanup():
    start = now()

    async def body():
        async with asyncio.timeout(10):
            try:
                await asyncio.sleep(1000)
            finally:
                await asyncio.sleep(0)
                try:
                    await asyncio.sleep(0)
                except asyncio.CancelledError:
                    pass

    t = asyncio.create_task(body())
    await asyncio.sleep(10)
    await asyncio.sleep(0)
    t.cancel("outer")
    try:
        await t
    except BaseException as e:
        return f"cancel during cleanup: {type(e).__name__} cancelled={t.cancelled()} at {now() - start}"


async def outer_cancel_cleanup_past_deadline():
    start = now()

    async def body():
        async with asyncio.timeout(10):
            try:
                await asyncio.sleep(1000)
            except asyncio.CancelledError:
                await asyncio.sleep(50)

    t = asyncio.create_task(body())
    await asyncio.sleep(5)
    t.cancel("outer")
    try:
        await t
    except BaseException as e:
        return f"cleanup past deadline: {type(e).__name__} cancelled={t.cancelled()} at {now() - start}"


async def main():
    for case in (
        same_iteration_cancel_first,
        same_iteration_deadline_first,
        outer_cancel_during_cleanup,
        outer_cancel_cleanup_past_deadline,
    ):
        print(await case())


run(main)
# cancel first: CancelledError(outer) at 10.0 cancelling=1
# deadline first: CancelledError cancelled=True at 10.0
# cancel during cleanup: CancelledError cancelled=True at 10.0
# cleanup past deadline: CancelledError cancelled=True at 10.0
