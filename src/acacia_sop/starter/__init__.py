"""The service starter: ``acacia-sop new`` and ``acacia-sop upgrade``.

The copier template is generated from the reference service
(``examples/acacia-service``) by :mod:`acacia_sop.starter.template`; the two
are never hand-kept copies.
"""
