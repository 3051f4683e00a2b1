"""Keys that ruff's S105 and the key formats both see: one finding each."""

GH_TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"  # expect: SEC-08 "GitHub"
STRIPE_KEY = "sk_live_0123456789abcdefghij"  # expect: SEC-08 "a Stripe live key"
