from __future__ import annotations

from openinfinity.core.errors import Conflict, Forbidden


class EntryRunning(Conflict):
    code = "time-tracking/entry-running"
    default_message = "You already have a running time entry on this item: end it first."


class NotEntryOwner(Forbidden):
    code = "time-tracking/not-entry-owner"
    default_message = "Only the person who tracked this entry, or a workspace owner or admin, may change it."
