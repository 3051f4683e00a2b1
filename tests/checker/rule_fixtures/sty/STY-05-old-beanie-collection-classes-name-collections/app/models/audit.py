"""Audit events."""

from beanie import Document


class AuditEvent(Document):
    """An audit event."""

    class Collection:
        """Beanie's old name for Settings."""

        name = "audit_events"  # expect: STY-05 "'audit_events' is not kebab-case"
