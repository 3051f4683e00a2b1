"""``acacia-sop check``: audit a FastAPI + MongoDB service against the SOP."""

__version__ = "0.1.0"
