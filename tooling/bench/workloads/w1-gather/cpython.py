"""W1-GATHER on CPython is W1's program: n coroutines, each sleeps 0 once, under asyncio.gather."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent.parent / "w1" / "cpython.py"), run_name="__main__")
