"""Service and migration tests against a real MongoDB wire-protocol server."""
