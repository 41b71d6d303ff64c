"""The "Product Launch" board: a team's tasks in nested folders, with every kind of value a task
board uses, sub-items, a comment thread, references, an image attachment and saved views (a
filtered table, a kanban by status, a kanban of the demo user's tasks)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attachments import service as attachments
from openinfinity.comments import service as comments
from openinfinity.comments.schemas import CommentWrite
from openinfinity.demo.banner import launch_banner_png
from openinfinity.demo.common import DemoBoard, label_ids, labels
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.folders.service import create_folder
from openinfinity.items.models import Item
from openinfinity.references import service as references
from openinfinity.views import service as views
from openinfinity.views.schemas import ViewWrite
from openinfinity.workspaces.service import WorkspaceContext

STATUS = labels(("To do", "#d0d5dd"), ("In progress", "#4eb4f9"), ("Review", "#ffd166"), ("Done", "#06d6a0"))
PRIORITY = labels(("Low", "#e4e7ec"), ("Medium", "#92f3ec"), ("High", "#ffb186"), ("Urgent", "#ef476f"))


@dataclass(frozen=True)
class Team:
    """Who works in the demo workspace, as contexts to act in and ids to put in values."""

    owner: WorkspaceContext
    colleague: WorkspaceContext
    designer: WorkspaceContext

    @property
    def ids(self) -> dict[str, int]:
        return {"me": self.owner.user_id, "priya": self.colleague.user_id, "tom": self.designer.user_id}


async def _one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _attributes(board: DemoBoard) -> None:
    await board.attribute("name", "Name", "text", default_data="")
    await board.attribute(
        "status",
        "Status",
        "label",
        default_data=[],
        settings={"labels": STATUS, "multiple": False, "allowNew": False, "allowEmpty": True},
    )
    await board.attribute(
        "priority", "Priority", "label", default_data=[], settings={"labels": PRIORITY, "multiple": False}
    )
    await board.attribute("owner", "Owner", "members", default_data=[])
    await board.attribute("due", "Due", "date")
    await board.attribute("estimate", "Estimate (h)", "number", settings={"format": "number", "precision": 1})
    await board.attribute("progress", "Progress", "progress", settings={"min": 0, "max": 100})
    await board.attribute("done", "Done", "checkbox", default_data=False)
    await board.attribute("steps", "Steps", "checklist", default_data=[])
    await board.attribute("votes", "Votes", "vote", default_data=[])
    await board.attribute("notes", "Notes", "longtext", default_data="")
    await board.attribute("files", "Files", "attachments", default_data=[])
    await board.attribute("blocks", "Blocked by", "reference")
    await board.attribute("folder", "Area", "source_folder")
    await board.attribute("created", "Created", "created_at")
    await board.attribute("author", "Created by", "created_by")
    await board.attribute("updated", "Updated", "updated_at")


def _task(
    name: str,
    status: str,
    priority: str,
    owners: list[int],
    due: date,
    estimate: float,
    progress: int,
    **more: Any,
) -> dict[str, Any]:
    row = {"name": name, "status": status, "priority": priority, "owner": owners, "due": due.isoformat()}
    return {**row, "estimate": estimate, "progress": progress, "done": status == "Done", **more}


def _tasks(team: Team, today: date, banner_file: int) -> dict[str, list[dict[str, Any]]]:
    me, priya, tom = team.ids["me"], team.ids["priya"], team.ids["tom"]

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    return {
        "Design": [
            _task("Launch banner", "Review", "High", [tom], day(3), 6, 80, votes=[me, priya],
                  files=[{"id": banner_file}],
                  notes="<p>Draft attached. <strong>Feedback by Friday</strong>, please.</p>"),
            _task("Pricing page layout", "In progress", "Medium", [tom, me], day(8), 10, 40,
                  steps=["x Wireframe", "Copy", "Responsive check"]),
            _task("Icon set refresh", "To do", "Low", [tom], day(20), 12, 0),
        ],
        "API": [
            _task("Public change feed", "In progress", "Urgent", [priya], day(5), 24, 60, votes=[me, tom],
                  steps=["x Outbox cursor", "x Resume with Last-Event-ID", "Load test", "Docs"],
                  notes="<p>Server-Sent Events, resumable, fed by the transactional outbox.</p>"),
            _task("Rate limits per token", "Done", "High", [priya], day(-4), 8, 100),
        ],
        "Engineering": [
            _task("Migrate staging to PostgreSQL 16", "Done", "Medium", [priya], day(-10), 5, 100),
            _task("Web app: table view", "Review", "High", [me, priya], day(2), 30, 90, votes=[tom]),
            _task("Fix flaky upload test", "To do", "Urgent", [me], day(1), 2, 0),
        ],
        "Marketing": [
            _task("Launch blog post", "In progress", "High", [me], day(6), 8, 50,
                  steps=["x Outline", "x First draft", "Review with Priya", "Publish"]),
            _task("Newsletter announcement", "To do", "Medium", [me, tom], day(9), 3, 0),
            _task("Customer webinar", "To do", "Low", [], day(25), 6, 0),
        ],
    }  # fmt: skip


async def _views(board: DemoBoard, top_folder: str, team: Team) -> None:
    status, priority, owner, due = (board.attributes[k] for k in ("status", "priority", "owner", "due"))
    open_high = {
        "combinator": "AND",
        "conditions": [
            {"attributeId": status.id, "operator": "not_contains", "value": label_ids(status, "Done")},
            {"attributeId": priority.id, "operator": "in", "value": label_ids(priority, "High", "Urgent")},
        ],
    }
    by_due = {"conditions": [{"attributeId": due.id, "settings": {"direction": "asc"}}]}
    card_fields = board.ids("owner", "due", "priority")
    for body in (
        ViewWrite(name="All tasks", type="table", folder_id=top_folder,
                  settings={"includeSubfolders": True, "sort": by_due}),
        ViewWrite(name="Open, high priority", type="table", folder_id=top_folder,
                  settings={"includeSubfolders": True, "filter": open_high, "sort": by_due}),
        ViewWrite(name="Status board", type="columns", folder_id=top_folder,
                  settings={"includeSubfolders": True, "groupBy": status.id, "attributes": card_fields}),
        ViewWrite(name="My tasks", type="columns", folder_id=top_folder,
                  settings={"includeSubfolders": True, "groupBy": status.id, "attributes": card_fields,
                            "filter": {"conditions": [{"attributeId": owner.id, "operator": "contains",
                                                       "value": [team.owner.user_id]}]}}),
    ):  # fmt: skip
        await views.create(board.session, board.board, body)


async def _banner(board: DemoBoard, runtime: AttachmentsRuntime, team: Team) -> int:
    """Stored through the attachments service like an upload, so it has a thumbnail. Uploaded
    as the owner, who makes the items: a file first goes into a value by its uploader's hand."""
    stored = await attachments.store(
        runtime,
        workspace_id=team.owner.id,
        name="launch-banner.png",
        chunks=_one_chunk(launch_banner_png()),
        type_hint="image/png",
    )
    row = await attachments.add(board.session, team.owner, stored)
    return row.id


async def _conversation(board: DemoBoard, item: Item, team: Team) -> None:
    session = board.session
    question = await comments.create(
        session,
        board.as_member(team.owner),
        item,
        CommentWrite(text="<p>Looks great! Could the logo be a little larger on mobile?</p>"),
    )
    await comments.create(
        session,
        board.as_member(team.designer),
        item,
        CommentWrite(
            text="<p>Good point — I'll bump it to <strong>48 px</strong> in the next draft.</p>",
            parent_id=question.id,
        ),
    )
    await comments.create(
        session,
        board.as_member(team.colleague),
        item,
        CommentWrite(text="<p>Approved from my side. Ship it with the blog post 🚀</p>"),
    )


async def build(session: AsyncSession, team: Team, runtime: AttachmentsRuntime, *, today: date) -> DemoBoard:
    board = await DemoBoard.create(
        session,
        team.owner,
        name="Product Launch",
        color="#ef476f",
        description="Everything that has to happen before openinfinity 2.0 ships.",
    )
    await _attributes(board)
    columns = [attribute.id for attribute in board.attributes.values()]

    async def folder(name: str, parent: str | None) -> str:
        made = await create_folder(session, board.board, name=name, parent_id=parent, attribute_ids=columns)
        return made.id

    top = await folder("Launch 2.0", None)
    areas = {name: await folder(name, top) for name in ("Design", "Engineering", "Marketing")}
    areas["API"] = await folder("API", areas["Engineering"])
    banner_file = await _banner(board, runtime, team)
    for area, rows in _tasks(team, today, banner_file).items():
        for row in rows:
            await board.item(areas[area], row)
    made = board.items
    feed = made["Public change feed"]
    for name, done in (
        ("Write the SSE endpoint", True),
        ("Resume tests", True),
        ("Measure 1,000 streams", False),
    ):
        sub = {
            "name": name,
            "status": "Done" if done else "To do",
            "owner": [team.colleague.user_id],
            "done": done,
        }
        await board.item(areas["API"], sub, parent=feed)
    for source, target in (
        ("Launch blog post", "Launch banner"),
        ("Newsletter announcement", "Launch blog post"),
        ("Web app: table view", "Public change feed"),
    ):
        await references.create(
            session,
            board.board,
            attribute_id=board.attributes["blocks"].id,
            from_item_id=made[source].id,
            to_item_id=made[target].id,
        )
    await _conversation(board, made["Launch banner"], team)
    await _views(board, top, team)
    return board
