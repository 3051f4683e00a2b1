"""Smoke tests run against a deployed service: ``make smoke BASE_URL=...``."""
