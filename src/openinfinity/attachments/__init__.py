"""Attachments: files uploaded or fetched from a URL, kept in a storage backend, served through
signed links, and referenced by `attachments` values."""
