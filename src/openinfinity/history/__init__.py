"""Item history (every change to an item and its values) and the workspace audit log."""
