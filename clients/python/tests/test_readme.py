"""The README's code samples, run in order against the real server: a sample that breaks fails
the build. Then what they claim is checked on the server, and the webhook handler they define is
fed a real signed delivery."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from infinity_client import Client
from sdk_testing import Receiver, Server

README = Path(__file__).resolve().parent.parent / "README.md"


def samples() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text(), flags=re.MULTILINE | re.DOTALL)


def test_the_readme_has_a_sample_per_feature() -> None:
    text = "\n".join(samples())
    features = ("items.list", "items.upsert", "items.batch", "attachments.attach", "verify_webhook")
    for feature in (*features, "changes.stream", "AsyncClient"):
        assert feature in text


def test_every_readme_sample_runs_against_a_real_server(
    server: Server, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    monkeypatch.setenv("INFINITY_TOKEN", server.token)
    monkeypatch.setenv("INFINITY_BASE_URL", server.base_url)
    monkeypatch.setenv("INFINITY_WORKSPACE", str(server.workspace))
    namespace: dict[str, object] = {"__name__": "readme"}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        for number, sample in enumerate(samples(), 1):
            exec(compile(sample, f"README.md sample {number}", "exec"), namespace)  # noqa: S102
    printed = output.getvalue()
    assert "Write the press release 3.0 ['To do']" in printed
    assert "[201, 200]" in printed
    assert "8 items, fetched 2 per request" in printed
    assert "general/invalid-fields ['values.0.data']" in printed
    assert "brief.txt b'Launch on Monday.'" in printed
    assert re.search(r"^item\.finalized ", printed, flags=re.MULTILINE)
    assert "3 items" in printed

    client = namespace["client"]
    assert isinstance(client, Client)
    launch = [b for b in client.boards.list() if b.name == "Launch plan"]
    assert len(launch) == 1
    stored = list(client.items.list(launch[0], expand=["values"]))
    assert "Watched" in {i.values.get("Title") for i in stored}

    handle = namespace["handle_webhook"]
    assert callable(handle)
    hook = client.hooks.create(launch[0], url=receiver.url, events=["item.created"])
    client.hooks.test(launch[0], hook)
    receiver.wait_for(1)
    body, headers = receiver.received[0]
    assert handle(hook.secret, body, headers).startswith("200 hook.test")
    assert handle("B" * 32, body, headers).startswith("401")
