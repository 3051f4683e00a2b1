"""Hash-based feature flags and A/B variants, with no state in the service.

A user's bucket for a flag is derived from ``sha256("flag:user_id")``, so it
is the same in every process, on every instance and after every restart
(Python's ``hash()`` is salted per process and would not be). Flags are
configured in ``FEATURE_FLAGS`` (see :class:`app.core.config.FeatureFlagConfig`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping

from app.core.config import FeatureFlagConfig

logger = logging.getLogger("acacia.experiments")

BUCKETS = 10_000
"""Buckets per flag: rollouts have a granularity of 0.01 %."""


# --8<-- [start:bucketing]
def bucket(flag: str, user_id: str) -> int:
    """Map a user to a stable bucket in ``0 .. BUCKETS - 1`` for one flag."""
    digest = hashlib.sha256(f"{flag}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def is_enabled(flag: str, user_id: str, rollout_percent: float) -> bool:
    """Whether the user falls inside the first ``rollout_percent`` % of buckets."""
    return bucket(flag, user_id) < rollout_percent * BUCKETS / 100


def choose_variant(flag: str, user_id: str, variants: list[str]) -> str:
    """Pick one of ``variants`` for the user, independently of the rollout."""
    digest = hashlib.sha256(f"{flag}:variant:{user_id}".encode()).digest()
    return variants[int.from_bytes(digest[:8], "big") % len(variants)]


# --8<-- [end:bucketing]


# --8<-- [start:evaluate_flags]
def evaluate(flag: str, config: FeatureFlagConfig, user_id: str) -> str | None:
    """Return the user's variant of ``flag``, or ``None`` when outside the rollout."""
    if not is_enabled(flag, user_id, config.rollout_percent):
        return None
    return choose_variant(flag, user_id, config.variants)


def active_features(
    flags: Mapping[str, FeatureFlagConfig], user_id: str
) -> dict[str, str]:
    """Evaluate every configured flag and log one exposure per flag the user is in.

    Returns:
        Flag name -> variant, only for the flags that are on for this user.
    """
    active: dict[str, str] = {}
    for flag, config in sorted(flags.items()):
        variant = evaluate(flag, config, user_id)
        if variant is not None:
            active[flag] = variant
            log_exposure(flag, variant, user_id)
    return active


def log_exposure(flag: str, variant: str, user_id: str) -> None:
    """Log an ``experiment exposure`` event as one structured JSON line.

    The JSON handler adds ``correlation_id``, so the exposure can be joined
    with the request's access line in Cloud Logging.
    """
    logger.info(
        "experiment exposure",
        extra={
            "event": "experiment_exposure",
            "experiment": flag,
            "variant": variant,
            "user_id": user_id,
        },
    )


# --8<-- [end:evaluate_flags]
