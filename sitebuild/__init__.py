"""Machinery of the Acacia SOP site, never shipped: rule blocks, captions, hooks."""
