"""Every marked code sample of the guide runs against a real server and succeeds; a sample that
breaks fails here. Every shell, Python and JavaScript block is either marked or says why not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.docs.conftest import GuideServer
from tests.docs.samples import GUIDE, run_page, samples

PAGES = sorted(GUIDE.glob("*.md"))
RUNNABLE = {"bash", "python", "javascript"}


def test_every_runnable_block_is_run_or_says_why() -> None:
    unmarked = [
        f"{s.page}:{s.line}"
        for page in PAGES
        for s in samples(page)
        if s.language in RUNNABLE and not (s.marked or s.not_run)
    ]
    assert unmarked == []
    assert sum(s.marked for page in PAGES for s in samples(page)) >= 15


@pytest.mark.parametrize("page", [p for p in PAGES if p.name != "webhooks.md"], ids=lambda p: p.stem)
def test_page_samples_run(guide_server: GuideServer, page: Path) -> None:
    outputs = run_page(page, guide_server.env, guide_server.cwd)
    assert len(outputs) == sum(s.marked for s in samples(page))


def test_webhook_samples_verify_a_real_delivery(guide_server: GuideServer) -> None:
    """The page creates a hook at the receiver and sends a test event; once it arrives, the
    verification samples (Python, Node.js, shell) get its headers and saved body."""
    captured = guide_server.captured
    body_file = guide_server.cwd / "delivery.json"

    def hand_over_delivery(env: dict[str, str]) -> None:
        if "HOOK" in env and "WEBHOOK_ID" not in env:
            assert captured.arrived.wait(30), "no delivery reached the receiver"
            headers, body = captured.requests[-1]
            body_file.write_bytes(body)
            env.update(
                WEBHOOK_ID=headers["webhook-id"],
                WEBHOOK_TIMESTAMP=headers["webhook-timestamp"],
                WEBHOOK_SIGNATURE=headers["webhook-signature"],
                WEBHOOK_BODY_FILE=str(body_file),
            )

    outputs = run_page(
        GUIDE / "webhooks.md", guide_server.env, guide_server.cwd, after_each=hand_over_delivery
    )
    verdicts = [line for out in outputs for line in out.splitlines() if "signature" in line.lower()]
    assert verdicts == ["signature valid"] * 3, outputs
    assert json.loads(body_file.read_bytes())["event"] == "hook.test"
