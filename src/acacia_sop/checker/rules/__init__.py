"""The rule modules, one per rule-ID prefix (see :mod:`acacia_sop.checker.checks`)."""
