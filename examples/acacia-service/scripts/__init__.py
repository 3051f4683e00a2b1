"""Developer scripts (not part of the deployed app)."""
