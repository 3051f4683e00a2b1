"""``acacia-sop check``: audit a FastAPI + MongoDB service against the SOP."""

from importlib.metadata import version

# The one record of the version is pyproject.toml; the installed metadata has it.
__version__ = version("acacia-sop")
