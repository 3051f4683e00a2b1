"""End-to-end tests through HTTP."""
