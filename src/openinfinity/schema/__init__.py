"""The board schema, below items: what a board's columns are and how each type reads and writes a
value (attribute models and the type registry), folders, and the reference mirrors' table. Any
package may import it; it imports nothing of board content above it (docs/architecture.md)."""
