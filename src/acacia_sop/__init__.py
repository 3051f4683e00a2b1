"""The `acacia-sop` command: `check` a service against the SOP, `new`, `upgrade`."""
