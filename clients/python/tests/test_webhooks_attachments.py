"""Webhooks delivered by the server to a real local receiver and verified with the SDK's helper;
attachments uploaded, attached to an item and downloaded back."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image  # the server's dependency (it makes the thumbnails)

from infinity_client import Client, WebhookVerificationError, verify_webhook
from sdk_testing import BoardSetup, Receiver


def test_delivered_webhooks_verify_and_tampering_does_not(
    client: Client, board: BoardSetup, receiver: Receiver
) -> None:
    hook = client.hooks.create(board.board, url=receiver.url, events=["item.created"])
    assert [e.event for e in client.hooks.get(board.board, hook.id).events] == ["item.created"]
    item = client.items.create(board.board, folder=board.folder, values={"Name": "hooked"})
    receiver.wait_for(1)
    body, headers = receiver.received[0]
    event = verify_webhook(hook.secret, body, headers)
    assert event.event == "item.created" and event.payload["id"] == item.id
    with pytest.raises(WebhookVerificationError, match="signature"):
        verify_webhook(hook.secret, body.replace(item.id.encode(), b"x" * len(item.id)), headers)
    with pytest.raises(WebhookVerificationError, match="signature"):
        verify_webhook("A" * 32, body, headers)
    with pytest.raises(WebhookVerificationError, match="timestamp"):
        verify_webhook(hook.secret, body, headers, now=time.time() + 3600)

    test = client.hooks.test(board.board, hook)
    receiver.wait_for(2)
    assert verify_webhook(hook.secret, *receiver.received[1]).event == "hook.test"
    deliveries = list(client.hooks.deliveries(board.board, hook))
    assert {d.id for d in deliveries} >= {test.id} and all(d.webhook_id for d in deliveries)
    first = next(d for d in deliveries if d.event == "item.created")
    client.hooks.redeliver(board.board, hook, first)
    receiver.wait_for(3)
    assert receiver.received[2][1]["webhook-id"] == receiver.received[0][1]["webhook-id"]
    assert client.hooks.get(board.board, hook, expand=["logs"]).logs

    updated = client.hooks.update(board.board, hook, events=["item.created", "comment.created"])
    assert {e.event for e in updated.events} == {"item.created", "comment.created"}
    assert [h.id for h in client.hooks.list(board.board)] == [hook.id]
    assert client.hooks.delete(board.board, hook).deleted


def test_attach_uploads_a_file_and_adds_it_to_the_item(client: Client, board: BoardSetup) -> None:
    item = client.items.create(board.board, folder=board.folder, values={"Name": "with files"})
    first = client.attachments.attach(item, "Files", b"hello, infinity", filename="hello.txt")
    second = client.attachments.attach(first, "Files", b"\x00\x01binary", filename="data.bin")
    files = second.values.attachments("Files")
    assert [f.original_name for f in files] == ["hello.txt", "data.bin"]
    assert client.attachments.download(files[0]) == b"hello, infinity"
    assert client.attachments.download(files[1]) == b"\x00\x01binary"
    # The item as stored: both files, the first one unchanged.
    stored = client.items.get(board.board, item.id).values.attachments("Files")
    assert [f.id for f in stored] == [f.id for f in files]


def test_upload_from_a_path_and_an_open_file(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# notes")
    uploaded = client.attachments.upload(path)
    assert uploaded.original_name == "notes.md" and uploaded.filesize == 7
    with path.open("rb") as handle:
        again = client.attachments.upload(handle, filename="copy.md")
    assert again.original_name == "copy.md" and client.attachments.download(again) == b"# notes"


def test_the_server_fetches_an_attachment_from_a_url(client: Client, receiver: Receiver) -> None:
    url = receiver.url.replace("/hook", "/files/report.txt")
    attachment = client.attachments.from_url(url)
    assert attachment.original_name == "report.txt"
    assert client.attachments.download(attachment) == b"file:report.txt"
    with pytest.raises(ValueError, match="thumbnail"):
        client.attachments.download(attachment, thumbnail=True)  # a text file has none


def test_an_uploaded_image_has_a_thumbnail_to_download(client: Client) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(buffer, format="PNG")
    image = client.attachments.upload(buffer.getvalue(), filename="red.png")
    assert image.thumb
    thumbnail = client.attachments.download(image, thumbnail=True)
    with Image.open(io.BytesIO(thumbnail)) as thumb:
        assert max(thumb.size) < 400
