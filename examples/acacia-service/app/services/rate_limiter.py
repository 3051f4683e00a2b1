"""Rate limits shared by every worker, with counters in MongoDB.

Built on the ``limits`` package (moving-window strategy, async API); the
storage comes from :func:`app.core.database.create_rate_limit_storage`.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

from app.core.errors import RateLimitExceededError

logger = logging.getLogger(__name__)


# --8<-- [start:rate_limiter]
class RateLimiter:
    """Count hits per (scope, client) and refuse those over the limit."""

    def __init__(self, storage: Storage) -> None:
        """Use ``storage`` (MongoDB in the app) for the counters."""
        self._limiter = MovingWindowRateLimiter(storage)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, limit: str) -> RateLimitItem:
        if limit not in self._items:
            self._items[limit] = parse(limit)
        return self._items[limit]

    async def hit(self, scope: str, limit: str, client_key: str) -> None:
        """Record one request of ``client_key`` to ``scope``.

        Args:
            scope: What is limited, e.g. ``"auth-token"``.
            limit: A ``limits`` string such as ``"10/minute"``.
            client_key: Who is counted: the client address or the token subject.

        Raises:
            RateLimitExceededError: Over the limit; carries the seconds until
                the window frees a slot (the ``Retry-After`` header).
        """
        item = self._item(limit)
        if await self._limiter.hit(item, scope, client_key):
            return
        stats = await self._limiter.get_window_stats(item, scope, client_key)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        logger.warning(
            "rate limit exceeded",
            extra={"scope": scope, "limit": limit, "retry_after": retry_after},
        )
        raise RateLimitExceededError(retry_after)


# --8<-- [end:rate_limiter]
