"""Cross-cutting conventions shared by every domain package. Imports no domain module."""
