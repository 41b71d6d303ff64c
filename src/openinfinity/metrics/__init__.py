"""`/metrics`: the Prometheus exposition, guarded by OPENINFINITY_METRICS (off, open, token)."""
