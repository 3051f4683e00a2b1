"""Test suite of the Acacia Analytics reference service."""
