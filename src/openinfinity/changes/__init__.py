"""The board change feed: `GET .../boards/{board_id}/changes` as Server-Sent Events (docs/changes.md)."""
