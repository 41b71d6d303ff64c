"""openinfinity: a self-hostable server for the Infinity work-management REST API v2."""

__version__ = "0.1.0"
