"""How far a rollout's real count may drift from its percentage, by chance alone.

Hash buckets behave like independent draws, so the number of users in a
``p`` rollout of ``n`` users is binomial: a test allows four standard
deviations. Run it: ``python rollout_bound.py``
"""

from __future__ import annotations

import math


def allowed_drift(users: int, share: float, deviations: float = 4.0) -> float:
    """``deviations`` standard deviations of a binomial count."""
    return deviations * math.sqrt(users * share * (1 - share))


if __name__ == "__main__":
    users, share = 10_000, 0.10
    print(f"expect {users * share:.0f} ± {allowed_drift(users, share):.0f} users")
