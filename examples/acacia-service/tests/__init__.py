"""Test suite of the Acacia Analytics API."""
