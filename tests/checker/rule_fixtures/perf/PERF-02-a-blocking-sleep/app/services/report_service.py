"""Reports."""

import time


async def wait_for_report() -> None:
    """Wait, blocking the event loop."""
    time.sleep(1)  # expect: PERF-02
