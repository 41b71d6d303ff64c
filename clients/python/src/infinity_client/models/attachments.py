from __future__ import annotations

from infinity_client.models._base import Model


class Attachment(Model):
    """An uploaded file. `link` (and `thumb`) are signed: valid without a token until they expire
    (2 hours on the hosted API); fetch the item again for fresh ones."""

    id: int
    link: str
    path: str
    original_name: str
    filesize: int
    thumb: str | None = None
    team_id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    extension: str = ""
    basename: str = ""
    filename: str = ""
