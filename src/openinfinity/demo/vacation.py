"""The demo workspace's content: the hosted API's "Vacation Planning" example board, built through
the real services (so it is validated, indexed for search and announced like any other data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.service import create_attribute
from openinfinity.boards.access import BoardContext
from openinfinity.boards.rows import BoardRow
from openinfinity.boards.service import create_board
from openinfinity.demo.common import member_context
from openinfinity.folders.service import create_folder
from openinfinity.items.schemas import ItemWrite, ValueWrite
from openinfinity.items.service import create_item
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry

_PRICE_LABELS = [
    {"name": "$", "color": "#92F3EC"},
    {"name": "$$", "color": "#FFD3F2"},
    {"name": "$$$", "color": "#FFE197"},
    {"name": "$$$$", "color": "#D6C2FF"},
]
_PAID_LABELS = [{"name": "Paid", "color": "#FFD3F2"}, {"name": "Free", "color": "#FFB186"}]
_LABEL_SETTINGS = {"multiple": True, "allowNew": True, "allowEmpty": True}
_EURO = {
    "format": "currency",
    "precision": 2,
    "negative_numbers": False,
    "currency": "€",
    "customText": "custom",
    "customPosition": "left",
}

_SUITCASE = ["6 T-shirts", "3 skirts", "1 dress", "2 pairs of pants", "7 pairs of undies", "2 pairs of shoes"]

_PREPARATION: list[dict[str, Any]] = [
    {"Name": "Pack the suitcase", "Checklist": _SUITCASE, "Done": False},
    {"Name": "Book the flights", "Done": True, "Price": "$$$"},
    {"Name": "Book the hotel", "Done": True, "Price": "$$", "Notes": "<p>Close to La Rambla.</p>"},
    {"Name": "Exchange money", "Done": False, "Checklist": ["Euros", "Travel card"]},
]
_SIGHTS: list[dict[str, Any]] = [
    {
        "Name": "Park Güell",
        "Notes": "The Park Güell is a public park system composed of gardens and architectonic elements "
        "located on Carmel Hill, in Barcelona, Catalonia, Spain. Carmel Hill belongs to the mountain "
        "range of Collserola – the Parc del Carmel is located on the northern face.",
        "Entry": 10,
        "Paid": "Paid",
    },
    {
        "Name": "Sagrada Família",
        "Notes": "Gaudí's unfinished basilica, the most visited monument of Spain.",
        "Entry": 26,
        "Paid": "Paid",
    },
    {"Name": "La Rambla", "Notes": "A tree-lined street in the centre of the city.", "Paid": "Free"},
    {"Name": "Casa Batlló", "Notes": "A Gaudí house on Passeig de Gràcia.", "Entry": 35, "Paid": "Paid"},
]
_RESTAURANTS: list[dict[str, Any]] = [
    {"Name": "El Xampanyet", "Price": "$$", "Notes": "<p>Cava and tapas in El Born.</p>"},
    {"Name": "Cal Pep", "Price": "$$$", "Notes": "<p>Seafood at the counter.</p>"},
    {"Name": "La Boqueria market", "Price": "$", "Notes": "<p>Fresh juice and jamón.</p>"},
]


def _label_id(attribute: Attribute, name: str) -> str:
    return next(str(label["id"]) for label in attribute.settings["labels"] if label["name"] == name)


def _values(attributes: dict[str, Attribute], row: dict[str, Any]) -> list[ValueWrite]:
    out: list[ValueWrite] = []
    for key, raw in row.items():
        attribute = attributes[key]
        data: Any = raw
        if attribute.type == "label":
            data = [_label_id(attribute, raw)]
        elif attribute.type == "checklist":
            data = [{"name": name, "done": False} for name in raw]
        out.append(ValueWrite(attribute_id=attribute.id, data=data))
    return out


async def build(session: AsyncSession, *, owner_id: int, workspace_id: int) -> None:
    ctx = await member_context(session, owner_id, workspace_id)
    board_row = await create_board(session, ctx, name="Vacation Planning", color="#4eb4f9")
    board = BoardContext(board=BoardRow.of(board_row), workspace=ctx)

    async def attribute(name: str, kind: str, **kwargs: Any) -> Attribute | None:
        # Types that arrive with later modules (attachments) are skipped until they exist.
        if registry.get(kind) is None:
            return None
        return await create_attribute(session, board, name=name, type=kind, **kwargs)

    maybe = {
        "Name": await attribute("Name", "text", default_data=""),
        "Notes": await attribute("Notes", "longtext", default_data=""),
        "Done": await attribute("Done", "checkbox", default_data=False),
        "Price": await attribute(
            "Price", "label", default_data=[], settings={**_LABEL_SETTINGS, "labels": _PRICE_LABELS}
        ),
        "Checklist": await attribute("Checklist", "checklist", default_data=[]),
        "Image": await attribute("Image", "attachments", default_data=[]),
        "Entry": await attribute("Price", "number", default_data=0, settings=_EURO),
        "Paid": await attribute(
            "Paid", "label", default_data=[], settings={**_LABEL_SETTINGS, "labels": _PAID_LABELS}
        ),
        "Created": await attribute("Created", "created_at"),
    }
    attrs = {key: value for key, value in maybe.items() if value is not None}

    def ids(*names: str) -> list[str]:
        return [attrs[n].id for n in names if n in attrs]

    folders = [
        ("Preparation", ids("Name", "Done", "Checklist", "Price", "Notes"), _PREPARATION),
        ("What to See in Barcelona", ids("Name", "Notes", "Image", "Entry", "Paid"), _SIGHTS),
        ("Restaurants", ids("Name", "Price", "Notes", "Created"), _RESTAURANTS),
    ]
    for name, attribute_ids, rows in folders:
        folder = await create_folder(session, board, name=name, attribute_ids=attribute_ids)
        for row in rows:
            await create_item(session, board, ItemWrite(folder_id=folder.id, values=_values(attrs, row)))
