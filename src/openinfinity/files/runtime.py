"""What the attachment routes share per application: settings, the storage backend and the link
signer. Built on first use and kept on `app.state.attachments` (tests may put their own there)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import State

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


def runtime_of(state: State) -> AttachmentsRuntime:
    runtime: AttachmentsRuntime | None = getattr(state, "attachments", None)
    if runtime is None:
        runtime = AttachmentsRuntime.build(state.settings)
        state.attachments = runtime
    return runtime


def get_runtime(request: Request) -> AttachmentsRuntime:
    return runtime_of(request.app.state)
