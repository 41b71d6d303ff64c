"""Reading item history and the workspace audit log (recorded by core/history.py), and pruning
them past their retention."""
