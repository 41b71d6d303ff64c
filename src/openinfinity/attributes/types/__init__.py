"""Importing this package registers every attribute type (one module per type)."""

from __future__ import annotations

from openinfinity.attributes.types import attachments  # noqa: F401  (imported to register)
