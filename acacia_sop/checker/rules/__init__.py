"""The automated checks, one module per area of the SOP."""
