"""Performance: async-only I/O and error handling, decided by ruff's rules."""

from __future__ import annotations

from acacia_sop.checker import ruff
from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo


@check(
    "PERF-02",
    "Async-only I/O",
    "ruff's ASYNC rules in the service's code: no blocking HTTP, file, "
    "subprocess or sleep call inside an async function",
)
def check_async_io(repo: ServiceRepo) -> list[Finding]:
    """PERF-02: no blocking call in async code."""
    return ruff.findings(repo, "PERF-02", "use the async equivalent")


@check(
    "PERF-04",
    "Error handling and timeouts",
    "ruff's BLE001 and E722 (no blind or bare except) and S113 (HTTP "
    "requests with a timeout) in the service's code",
)
def check_error_handling(repo: ServiceRepo) -> list[Finding]:
    """PERF-04: exceptions are caught by type, outbound calls have timeouts."""
    return ruff.findings(
        repo, "PERF-04", "catch the exceptions you expect and map them to an error"
    )
