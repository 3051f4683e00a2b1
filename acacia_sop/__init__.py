"""Machinery of the Acacia SOP site: rule parsing, code-source captions, hooks."""
