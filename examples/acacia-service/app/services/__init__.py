"""Business logic.

Services take the database as a parameter and raise domain errors from
:mod:`app.core.errors`, never HTTP errors.
"""
