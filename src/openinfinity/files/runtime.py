"""What the attachment routes share per application: settings, the storage backend and the link
signer. Built on first use by `AppState.attachments_runtime` (tests may put their own in
`app.state.attachments`)."""

from __future__ import annotations

from dataclasses import dataclass

from openinfinity.core.config import Settings
from openinfinity.files.signing import LinkSigner, load_secret
from openinfinity.files.storage import Storage, build_storage


@dataclass(slots=True)
class AttachmentsRuntime:
    settings: Settings
    storage: Storage
    signer: LinkSigner

    @classmethod
    def build(cls, settings: Settings, storage: Storage | None = None) -> AttachmentsRuntime:
        signer = LinkSigner(
            load_secret(settings), base_url=settings.base_url, ttl=settings.attachment_link_ttl
        )
        return cls(settings=settings, storage=storage or build_storage(settings), signer=signer)
