"""A script may print."""

print("seeded")
