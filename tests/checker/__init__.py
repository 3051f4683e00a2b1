"""Tests of ``acacia-sop check``."""
