"""Logging set up when this module loads."""

import logging

logging.basicConfig(format="%(message)s")
