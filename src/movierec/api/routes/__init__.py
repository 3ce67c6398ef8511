"""Routes grouped per resource."""
