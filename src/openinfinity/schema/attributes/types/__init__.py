"""Importing this package registers every attribute type (one module per type).

Adding a type: write `types/<kind>.py` with a registered AttributeType subclass, import it here,
and add `tests/attributes/types/test_<kind>.py` (docs/attribute-types.md lists the hooks).
"""

from __future__ import annotations

from openinfinity.schema.attributes.types import (  # noqa: F401  (imported to register)
    attachments,
    checkbox,
    checklist,
    created_at,
    created_by,
    date,
    email,
    label,
    links,
    longtext,
    members,
    number,
    phone,
    progress,
    rating,
    reference,
    source_folder,
    text,
    time_tracking,
    updated_at,
    vote,
)
