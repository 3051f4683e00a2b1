"""Feature flags by hash: the same user lands in the same bucket everywhere.

``sha256`` of ``flag:user`` is stable across processes and restarts (Python's
``hash()`` is salted per process), so no flag state is stored.
Run it: ``python feature_flag_bucketing.py``
"""

from __future__ import annotations

import hashlib

BUCKETS = 10_000  # rollouts in steps of 0.01 %


# --8<-- [start:bucketing]
def user_bucket(flag: str, user_id: str) -> int:
    """A number in ``0 .. BUCKETS - 1``, fixed for this flag and user."""
    digest = hashlib.sha256(f"{flag}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def in_rollout(flag: str, user_id: str, percent: float) -> bool:
    """Whether the user is among the first ``percent`` % of buckets."""
    return user_bucket(flag, user_id) < percent * BUCKETS / 100


# --8<-- [end:bucketing]


if __name__ == "__main__":
    for user in ("user-1", "user-2", "user-3"):
        state = "on" if in_rollout("new-checkout", user, 30) else "off"
        print(f"new-checkout for {user}: {state}")
    users = [f"user-{n}" for n in range(10_000)]
    enabled = sum(in_rollout("new-checkout", user, 30) for user in users)
    print(f"30 % rollout reaches {enabled} of {len(users)} users")
