"""Time tracking: entries started and ended on an item for a `time_tracking` attribute."""
