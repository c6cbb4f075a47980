"""A virtual-time asyncio loop, to run the programs of this folder on CPython the way @x runs its
tests on the VirtualClock: time stands still while anything is ready and jumps to the next live
timer when everything waits; timers with the same deadline run in the order they were scheduled.

Only for checking what CPython does (python3.13 <file>.py); @x's CI does not run these.
"""

import asyncio
import heapq
import itertools

class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self._vt = 0.0
    def time(self):
        return self._vt
    def _run_once(self):
        if not self._ready:
            live = [h for h in self._scheduled if not h._cancelled]
            if live:
                self._vt = max(self._vt, min(h._when for h in live))
        super()._run_once()

class SeqTimer(asyncio.TimerHandle):
    """Timers with the same deadline run in the order they were scheduled (as @x's loop does);
    asyncio's heap leaves such ties in no particular order."""
    __slots__ = ("_seq",)
    _count = itertools.count()
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self._seq = next(SeqTimer._count)
    def __lt__(self, o): return (self._when, self._seq) < (o._when, o._seq)
    def __le__(self, o): return (self._when, self._seq) <= (o._when, o._seq)
    def __gt__(self, o): return (self._when, self._seq) > (o._when, o._seq)
    def __ge__(self, o): return (self._when, self._seq) >= (o._when, o._seq)

def _call_at(self, when, callback, *args, context=None):
    self._check_closed()
    timer = SeqTimer(when, callback, args, self, context)
    heapq.heappush(self._scheduled, timer)
    timer._scheduled = True
    return timer
VirtualLoop.call_at = _call_at

def run(main):
    loop = VirtualLoop()
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()

