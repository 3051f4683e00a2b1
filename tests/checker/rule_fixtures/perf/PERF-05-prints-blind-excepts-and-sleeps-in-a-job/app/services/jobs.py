"""Jobs."""

import time


async def water() -> None:
    """Water the plants."""
    time.sleep(1)  # expect: PERF-02


def report(text: str) -> int:
    """Report a count."""
    print(text)  # expect: PERF-05
    try:
        return int(text)
    except Exception:  # expect: PERF-04
        return 0


ADMIN_PASSWORD = "s3cr3t-w4ter-pl4nts"  # expect: SEC-08
TOKEN_TYPE = "bearer"
