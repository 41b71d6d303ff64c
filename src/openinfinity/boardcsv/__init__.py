"""A board's items as CSV, out (export) and in (import): on top of items, attributes and views."""
