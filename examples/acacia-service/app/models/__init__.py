"""Documents as stored in MongoDB (internal shapes, never returned as-is)."""
