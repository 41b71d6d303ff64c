"""The "Customers" board: accounts with contacts (e-mail, phone, website), satisfaction ratings,
renewal dates and revenue, the launch tasks they asked for (references to the other board), the
time spent on calls (time tracking), and a table view of the renewals due within 90 days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.models import utcnow
from openinfinity.demo.common import DemoBoard, labels
from openinfinity.demo.launch import Team
from openinfinity.folders.service import create_folder
from openinfinity.items.models import Item
from openinfinity.references import service as references
from openinfinity.timetracking import service as time_tracking
from openinfinity.timetracking.schemas import TimeEntryCreate, TimeEntryUpdate
from openinfinity.views import service as views
from openinfinity.views.schemas import ViewWrite

PLANS = labels(("Starter", "#92f3ec"), ("Team", "#4eb4f9"), ("Enterprise", "#d6c2ff"))
EURO = {
    "format": "currency",
    "precision": 0,
    "currency": "€",
    "customText": "custom",
    "customPosition": "left",
}


async def _attributes(board: DemoBoard) -> None:
    await board.attribute("name", "Company", "text", default_data="")
    await board.attribute(
        "plan", "Plan", "label", default_data=[], settings={"labels": PLANS, "multiple": False}
    )
    await board.attribute("contact", "Contact e-mail", "email", default_data="")
    await board.attribute("phone", "Phone", "phone", default_data="")
    await board.attribute("website", "Website", "links", default_data=[])
    await board.attribute("happiness", "Satisfaction", "rating", settings={"min": 0, "max": 5})
    await board.attribute("manager", "Account manager", "members", default_data=[])
    await board.attribute("renewal", "Renewal", "date")
    await board.attribute("arr", "Yearly revenue", "number", settings=EURO)
    await board.attribute("asks", "Asked for", "reference")
    await board.attribute("notes", "Notes", "longtext", default_data="")
    await board.attribute("time", "Time spent", "time_tracking")


def _accounts(team: Team, today: date) -> list[dict[str, Any]]:
    me, priya = team.ids["me"], team.ids["priya"]

    def renewal(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    return [
        {"name": "Northwind Traders", "plan": "Enterprise", "contact": "ops@northwind.example",
         "phone": "+44 20 7946 0321", "website": [{"url": "https://northwind.example", "name": "Northwind"}],
         "happiness": 5, "manager": [me], "renewal": renewal(45), "arr": 48000,
         "notes": "<p>Runs 40 boards; wants the <em>change feed</em> for their dashboard.</p>"},
        {"name": "Blue Fjord Studio", "plan": "Team", "contact": "hello@bluefjord.example",
         "phone": "+47 22 33 44 55", "website": ["https://bluefjord.example"],
         "happiness": 4, "manager": [priya], "renewal": renewal(12), "arr": 6000},
        {"name": "Casa Verde Coffee", "plan": "Starter", "contact": "marta@casaverde.example",
         "phone": "+34 931 23 45 67", "website": ["https://casaverde.example"],
         "happiness": 3, "manager": [me], "renewal": renewal(130), "arr": 900,
         "notes": "<p>Asked for a simpler kanban on mobile.</p>"},
        {"name": "Helios Energy", "plan": "Enterprise", "contact": "it-procurement@helios.example",
         "phone": "+49 30 901820", "website": ["https://helios.example"],
         "happiness": 2, "manager": [priya, me], "renewal": renewal(70), "arr": 72000,
         "notes": "<p>Escalation open: SSO and audit log needed before renewal.</p>"},
    ]  # fmt: skip


async def _track_time(board: DemoBoard, made: dict[str, Item]) -> None:
    """Calls already logged against two accounts (entries that ended earlier today)."""
    now = utcnow().replace(microsecond=0)
    for customer, minutes, description in (
        ("Helios Energy", 95, "SSO requirements call"),
        ("Northwind Traders", 40, "Renewal check-in"),
    ):
        body = TimeEntryCreate(
            item_id=made[customer].id, attribute_id=board.attributes["time"].id, description=description
        )
        entry = await time_tracking.start(board.session, board.board, body)
        entry.started_at = now - timedelta(minutes=minutes + 30)
        ended_at = (now - timedelta(minutes=30)).isoformat()
        await time_tracking.update(board.session, board.board, entry.id, TimeEntryUpdate(ended_at=ended_at))


async def build(session: AsyncSession, team: Team, launch: DemoBoard, *, today: date) -> DemoBoard:
    board = await DemoBoard.create(
        session,
        team.owner,
        name="Customers",
        color="#06d6a0",
        description="Accounts, renewals and what each customer is waiting for.",
    )
    await _attributes(board)
    columns = [attribute.id for attribute in board.attributes.values()]
    folder = await create_folder(session, board.board, name="Accounts", attribute_ids=columns)
    made: dict[str, Item] = {}
    for row in _accounts(team, today):
        made[row["name"]] = await board.item(folder.id, row)
    for customer, task in (
        ("Northwind Traders", "Public change feed"),
        ("Casa Verde Coffee", "Web app: table view"),
        ("Helios Energy", "Public change feed"),
    ):
        await references.create(
            session,
            board.board,
            attribute_id=board.attributes["asks"].id,
            from_item_id=made[customer].id,
            to_item_id=launch.items[task].id,
        )
    await _track_time(board, made)
    renewal = board.attributes["renewal"]
    soon = {
        "conditions": [
            {
                "attributeId": renewal.id,
                "operator": "on_or_before",
                "value": (today + timedelta(90)).isoformat(),
            }
        ]
    }
    by_date = {"conditions": [{"attributeId": renewal.id, "settings": {"direction": "asc"}}]}
    for body in (
        ViewWrite(name="All accounts", type="table", folder_id=folder.id, settings={}),
        ViewWrite(name="Renewals in 90 days", type="table", folder_id=folder.id,
                  settings={"filter": soon, "sort": by_date}),
    ):  # fmt: skip
        await views.create(session, board.board, body)
    return board
