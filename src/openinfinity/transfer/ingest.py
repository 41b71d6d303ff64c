"""The ingest layer: writes the records a source yields into one workspace here.

Each call to `write(kind, records)` is one transaction holding the objects and their
`transfer_objects` rows, so an interrupted run leaves whole batches only, and a rerun skips
exactly what was written. A batch that fails is retried one record per transaction, so one bad
record is reported instead of stopping the run. Parents (sub-items, replies, nested folders) may
come after their children in a source: they are linked in `finish()`, which a rerun repeats.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.attachments import service as attachments_service
from openinfinity.boards.models import Board, BoardUser
from openinfinity.comments.models import Comment
from openinfinity.core.db import Database
from openinfinity.core.errors import ApiError
from openinfinity.core.ids import short_id, uuid_str
from openinfinity.core.models import utcnow
from openinfinity.files.models import Attachment
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.hooks.models import Hook
from openinfinity.items import mirrors, search
from openinfinity.items.catalog import board_attributes
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import InvalidValue, ValueContext
from openinfinity.schema.attributes.values import derived, normalise_value
from openinfinity.schema.folders.models import Folder
from openinfinity.schema.references.models import Reference
from openinfinity.transfer import sequences
from openinfinity.transfer.ids import IdMap, translate
from openinfinity.transfer.models import TransferObject, TransferRun
from openinfinity.transfer.report import Report
from openinfinity.transfer.rows import number, object_dict, string_list, text, when
from openinfinity.views.models import FolderView
from openinfinity.workspaces import roles

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IdStyle:
    """How ids of a kind look here: which table holds them and how a fresh one is made."""

    model: Any
    length: int
    fresh: Callable[[], Any] | None  # None: the database assigns one (integer ids)


ID_STYLES: dict[str, IdStyle] = {
    "workspace": IdStyle(Workspace, 0, None),
    "board": IdStyle(Board, 11, short_id),
    "folder": IdStyle(Folder, 11, short_id),
    "attribute": IdStyle(Attribute, 36, uuid_str),
    "attachment": IdStyle(Attachment, 0, None),
    "item": IdStyle(Item, 36, uuid_str),
    "comment": IdStyle(Comment, 36, uuid_str),
    "reference": IdStyle(Reference, 36, uuid_str),
    "view": IdStyle(FolderView, 36, uuid_str),
    "hook": IdStyle(Hook, 36, uuid_str),
}
# Kinds whose parent is linked after all of them are written: kind -> (model, parent column).
PARENTS: dict[str, tuple[Any, str]] = {
    "folder": (Folder, "parent_folder_id"),
    "item": (Item, "parent_id"),
    "comment": (Comment, "parent_id"),
}
IN_CHUNK = 500


class TransferFailed(Exception):
    """The import cannot go on (its workspace could not be made); the message says why."""


class Skip(Exception):  # noqa: N818 - a control-flow signal, not an error of the run
    """A record that cannot be copied; the message is the report's reason."""


@dataclass(slots=True)
class Batch:
    """One transaction's view: the session and what it looked up once."""

    session: AsyncSession
    taken: set[str]
    records: list[dict[str, Any]] = field(default_factory=list)
    attributes: dict[str, dict[str, Attribute]] = field(default_factory=dict)
    members: set[int] | None = None
    # Value ids of the whole batch already used here, looked up once (items only).
    taken_values: set[str] | None = None
    # Source id -> id here of the records written so far in this batch (parents of later ones).
    local: dict[str, Any] = field(default_factory=dict)
    # Work that needs the batch's rows in the database (search documents), run after one flush.
    after_flush: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


Writer = Callable[["Ingest", Batch, dict[str, Any], Any], Awaitable[Any]]


class Ingest:
    def __init__(
        self, db: Database, runtime: AttachmentsRuntime, run: TransferRun, ids: IdMap, report: Report
    ) -> None:
        self.db = db
        self.runtime = runtime
        self.run = run
        self.ids = ids
        self.report = report
        # (kind, source id, source parent id) for every record with a parent, linked in finish().
        self.links: list[tuple[str, str, str]] = []
        self.done: dict[str, int] = {}

    @property
    def workspace_id(self) -> int:
        if self.run.workspace_id is None:
            problems = "; ".join(p["reason"] for p in self.report.problems if p["kind"] == "workspace")
            raise TransferFailed(f"the workspace could not be created ({problems or 'no workspace record'})")
        return self.run.workspace_id

    # -- writing -------------------------------------------------------------------------

    async def write(self, kind: str, records: list[dict[str, Any]]) -> None:
        todo: list[dict[str, Any]] = []
        for record in records:
            parent = record.get("parent_folder_id" if kind == "folder" else "parent_id")
            if kind in PARENTS and parent:
                self.links.append((kind, str(record["id"]), str(parent)))
            if self.ids.has(kind, record["id"]):
                self.report.count(kind, skipped=True)
                self._advance(kind)
            else:
                todo.append(record)
        if not todo:
            return
        try:
            await self._transaction(kind, todo)
        except (IntegrityError, ApiError) as exc:
            if len(todo) == 1:
                self.report.problem(kind, todo[0]["id"], _reason(exc))
                return
            log.info("batch of %d %s failed (%s); one at a time", len(todo), kind, _reason(exc))
            for record in todo:
                await self.write(kind, [record])

    async def _transaction(self, kind: str, records: list[dict[str, Any]]) -> None:
        written: list[tuple[Any, Any]] = []
        async with self.db.transaction() as session:
            batch = Batch(session, await self._taken(session, kind, [r["id"] for r in records]), records)
            for record in records:
                target = self._target_id(kind, record["id"], batch.taken)
                try:
                    target = await WRITERS[kind](self, batch, record, target)
                except Skip as exc:
                    self.report.problem(kind, record["id"], str(exc))
                    continue
                session.add(
                    TransferObject(
                        run_id=self.run.id, kind=kind, source_id=str(record["id"]), target_id=str(target)
                    )
                )
                written.append((record["id"], target))
                batch.local[str(record["id"])] = target
            await session.flush()
            for work in batch.after_flush:
                await work()
            if kind in ("workspace", "attachment"):
                await sequences.catch_up(session, ID_STYLES[kind].model)
        # Only once committed: a rolled-back batch must not be remembered as copied.
        for source_id, target in written:
            self.ids.add(kind, source_id, target)
            self.report.count(kind)
            self._advance(kind)
            if kind in ID_STYLES and str(source_id) != str(target) and kind != "workspace":
                self.report.remap(kind, source_id, target)

    async def _taken(self, session: AsyncSession, kind: str, source_ids: list[Any]) -> set[str]:
        style = ID_STYLES.get(kind)
        if style is None:
            return set()
        candidates = [i for i in (_as_key(kind, s) for s in source_ids) if i is not None]
        taken: set[str] = set()
        for start in range(0, len(candidates), IN_CHUNK):
            chunk = candidates[start : start + IN_CHUNK]
            rows = await session.scalars(select(style.model.id).where(style.model.id.in_(chunk)))
            taken.update(str(r) for r in rows)
        return taken

    def _target_id(self, kind: str, source_id: Any, taken: set[str]) -> Any:
        style = ID_STYLES.get(kind)
        if style is None:
            return None
        key = _as_key(kind, source_id)
        if key is not None and str(key) not in taken:
            return key
        return style.fresh() if style.fresh else None

    def _advance(self, kind: str) -> None:
        self.done[kind] = self.done.get(kind, 0) + 1

    async def write_attachment(self, record: dict[str, Any], chunks: AsyncIterator[bytes]) -> None:
        """Store the file, then write its row (removing the file again if that fails)."""
        if self.ids.has("attachment", record["id"]):
            self.report.count("attachment", skipped=True)
            self._advance("attachment")
            return
        stored = await attachments_service.store(
            self.runtime,
            workspace_id=self.workspace_id,
            name=str(record.get("original_name") or "file"),
            chunks=chunks,
            type_hint=record.get("content_type"),
        )
        try:
            await self.write("attachment", [{**record, "stored": stored}])
        finally:
            if not self.ids.has("attachment", record["id"]):
                await attachments_service.discard(self.runtime, stored.key, stored.thumb_key)

    async def mark(self, kind: str, source_id: str) -> None:
        """Remember that something without a row of its own is complete (sources.COMMENTS_DONE)."""
        if self.ids.has(kind, source_id):
            return
        async with self.db.transaction() as session:
            session.add(TransferObject(run_id=self.run.id, kind=kind, source_id=source_id, target_id="1"))
        self.ids.add(kind, source_id, "1")

    # -- parents, last -------------------------------------------------------------------

    async def finish(self) -> None:
        """Link every parent now that all objects are here (idempotent: a rerun repeats it)."""
        for start in range(0, len(self.links), IN_CHUNK):
            async with self.db.transaction() as session:
                for kind, source_id, parent in self.links[start : start + IN_CHUNK]:
                    model, column = PARENTS[kind]
                    target, parent_target = self.ids.get(kind, source_id), self.ids.get(kind, parent)
                    if target is None or parent_target is None:
                        continue
                    await session.execute(
                        update(model)
                        .where(model.id == target, getattr(model, column).is_(None))
                        # Linking is not an edit: updated_at stays the source's.
                        .values({column: parent_target, "updated_at": model.updated_at})
                    )

    # -- look-ups within a batch ---------------------------------------------------------

    async def attributes_of(self, batch: Batch, board_id: str) -> dict[str, Attribute]:
        if board_id not in batch.attributes:
            batch.attributes[board_id] = await board_attributes(batch.session, board_id)
        return batch.attributes[board_id]

    async def member_ids(self, batch: Batch) -> set[int]:
        if batch.members is None:
            rows = await batch.session.scalars(
                select(Membership.user_id).where(Membership.workspace_id == self.workspace_id)
            )
            batch.members = set(rows)
        return batch.members

    def need(self, kind: str, source_id: Any, what: str) -> Any:
        target = self.ids.get(kind, source_id)
        if target is None:
            raise Skip(f"its {what} was not copied")
        return target

    def parent(self, batch: Batch, kind: str, source_id: Any) -> Any:
        """The parent's id here when it is written already (in an earlier batch or earlier in
        this one: rows of one table are inserted in the order they are added). Otherwise None,
        and `finish()` links it."""
        if source_id is None:
            return None
        return self.ids.get(kind, source_id) or batch.local.get(str(source_id))

    def user(self, source_id: Any) -> int | None:
        found: int | None = self.ids.get("user", source_id)
        return found


def _as_key(kind: str, source_id: Any) -> Any:
    """The source id as an id here, None when it cannot be one (wrong shape or length)."""
    style = ID_STYLES.get(kind)
    if style is None:
        return None
    if style.fresh is None:
        try:
            number = int(source_id)
        except (TypeError, ValueError):
            return None
        return number if 0 < number < 2**31 else None
    value = str(source_id)
    return value if 0 < len(value) <= style.length else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ApiError):
        return exc.message
    return str(getattr(exc, "orig", exc)).splitlines()[0][:300]


# -- one writer per kind: (ingest, batch, record, chosen id) -> id here ------------------------


async def _workspace(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    session = batch.session
    if ingest.run.workspace_id is not None:  # --into, or created by an earlier attempt
        return ingest.run.workspace_id
    owner_email = record.get("owner_email")
    if not owner_email:
        raise Skip("the source does not show its owner's e-mail address; import with --into a workspace")
    owner = await users.find_by_email(session, owner_email)
    if owner is None:
        owner = await users.create_user(
            session, email=owner_email, name=record.get("owner_name") or owner_email, pending=True
        )
    workspace = Workspace(id=target, name=text(record.get("name"), 255) or "Imported", owner_id=owner.id)
    session.add(workspace)
    await session.flush()
    session.add(Membership(workspace_id=workspace.id, user_id=owner.id, role=roles.OWNER))
    run = await session.get(TransferRun, ingest.run.id)
    if run is not None:
        run.workspace_id = workspace.id
    ingest.run.workspace_id = workspace.id
    return workspace.id


async def _user(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    session = batch.session
    email = record.get("email")
    if not email:
        raise Skip("the source does not show the member's e-mail address")
    user = await users.find_by_email(session, email)
    if user is None:
        user = await users.create_user(session, email=email, name=record.get("name") or email, pending=True)
    if await session.get(Membership, (ingest.workspace_id, user.id)) is None:
        role = record.get("role")
        if role not in roles.ASSIGNABLE_ROLES:
            role = roles.ADMIN if role == roles.OWNER else roles.DEFAULT_ROLE
        session.add(Membership(workspace_id=ingest.workspace_id, user_id=user.id, role=role))
    return user.id


async def _board(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    board = Board(
        id=target,
        workspace_id=ingest.workspace_id,
        name=text(record.get("name"), 255) or "Board",
        description=record.get("description"),
        color=text(record.get("color"), 16),
        sort_order=number(record.get("sort_order")),
        created_at=when(record.get("created_at")),
    )
    batch.session.add(board)
    await batch.session.flush()
    for user_id in {ingest.user(u) for u in record.get("user_ids") or []} - {None}:
        batch.session.add(BoardUser(board_id=target, user_id=user_id))
    return target


async def _folder(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    renamed = ingest.ids.strings(["attribute", "folder"])
    batch.session.add(
        Folder(
            id=target,
            board_id=ingest.need("board", record.get("board_id"), "board"),
            parent_folder_id=ingest.parent(batch, "folder", record.get("parent_folder_id")),
            name=text(record.get("name"), 255) or "Folder",
            color=text(record.get("color"), 32),
            settings=translate(object_dict(record.get("settings")), renamed),
            attribute_ids=translate(string_list(record.get("attribute_ids")), renamed),
            sort_order=number(record.get("sort_order")),
            created_at=when(record.get("created_at")),
        )
    )
    return target


async def _attribute(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    kind = str(record.get("type"))
    if registry.get(kind) is None:
        raise Skip(f"attribute type {kind!r} is not supported here")
    batch.session.add(
        Attribute(
            id=target,
            board_id=ingest.need("board", record.get("board_id"), "board"),
            name=text(record.get("name"), 255) or "Attribute",
            type=kind,
            default_data=record.get("default_data"),
            settings=object_dict(record.get("settings")),
            created_by=ingest.user(record.get("created_by")),
            created_at=when(record.get("created_at")),
        )
    )
    return target


async def _attachment(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    stored = record["stored"]
    attachment = Attachment(
        id=target,
        workspace_id=ingest.workspace_id,
        path=stored.key,
        thumb_path=stored.thumb_key,
        original_name=stored.original_name,
        filesize=stored.size,
        content_type=stored.content_type,
        created_by=ingest.user(record.get("created_by")),
        created_at=when(record.get("created_at")),
    )
    batch.session.add(attachment)
    await batch.session.flush()
    return attachment.id


async def _item(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    session = batch.session
    board_id = ingest.need("board", record.get("board_id"), "board")
    item = Item(
        id=target,
        board_id=board_id,
        folder_id=ingest.need("folder", record.get("folder_id"), "folder"),
        parent_id=ingest.parent(batch, "item", record.get("parent_id")),
        sort_order=number(record.get("sort_order")),
        created_by=ingest.user(record.get("created_by")),
        created_at=when(record.get("created_at")),
    )
    item.updated_at = when(record.get("updated_at")) if record.get("updated_at") else item.created_at
    session.add(item)
    attributes = await ingest.attributes_of(batch, board_id)
    values = record.get("values") or []
    if batch.taken_values is None:
        every = [str(v["id"]) for r in batch.records for v in r.get("values") or [] if v.get("id")]
        batch.taken_values = await _taken_values(session, every)
    taken = batch.taken_values
    ctx = ValueContext(
        workspace_id=ingest.workspace_id, board_id=board_id, member_ids=lambda: ingest.member_ids(batch)
    )
    ctx.attachment_ids = _trusted
    parts: list[tuple[str, str | None]] = []
    for value in values:
        row = await _value(ingest, attributes, value, ctx)
        if row is None:
            continue
        value_id = str(value.get("id") or "")
        row.id = value_id if value_id and value_id not in taken and len(value_id) <= 36 else uuid_str()
        row.item_id = target
        session.add(row)
        parts.append((attributes[row.attribute_id].type, row.search_text))

    async def index() -> None:
        await search.write_doc(
            session, item_id=target, board_id=board_id, created_at=item.created_at, parts=parts
        )

    batch.after_flush.append(index)
    return target


async def _trusted(ids: list[int]) -> set[int]:
    """Attachment ids in imported values were translated to files this run copied."""
    return set(ids)


async def _taken_values(session: AsyncSession, value_ids: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(value_ids), IN_CHUNK):
        chunk = value_ids[start : start + IN_CHUNK]
        taken.update(await session.scalars(select(Value.id).where(Value.id.in_(chunk))))
    return taken


async def _value(
    ingest: Ingest, attributes: dict[str, Attribute], value: dict[str, Any], ctx: ValueContext
) -> Value | None:
    """The row for one source value, or None (reported unless it is a computed value)."""
    attribute = attributes.get(str(ingest.ids.get("attribute", value.get("attribute_id"))))
    if attribute is None:
        ingest.report.problem("value", value.get("id"), "its attribute was not copied")
        return None
    kind = registry.get(attribute.type)
    if kind is None or kind.computed:
        return None  # computed values (created_at, ...) are derived from the item here too
    data = kind.remap(value.get("data"), ingest.ids.get)
    if kind.writable:
        try:
            stored, search_text, key = await normalise_value(attribute, data, ctx)
        except InvalidValue as exc:
            ingest.report.problem("value", value.get("id"), f"{attribute.type} data {exc}")
            return None
    else:  # references: rewritten from the reference rows as they are copied
        stored = data
        search_text, key = derived(attribute, stored)
    return Value(
        attribute_id=attribute.id,
        data=stored,
        search_text=search_text,
        number_key=key.number,
        text_key=key.text[:255] if key.text else key.text,
    )


async def _comment(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    batch.session.add(
        Comment(
            id=target,
            board_id=ingest.need("board", record.get("board_id"), "board"),
            item_id=ingest.need("item", record.get("item_id"), "item"),
            parent_id=ingest.parent(batch, "comment", record.get("parent_id")),
            text=str(record.get("text") or ""),
            created_by=ingest.user(record.get("created_by")),
            created_at=when(record.get("created_at")),
        )
    )
    return target


async def _reference(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    attribute_id = ingest.need("attribute", record.get("attribute_id"), "attribute")
    from_item = ingest.need("item", record.get("from_item_id"), "source item")
    batch.session.add(
        Reference(
            id=target,
            board_id=ingest.need("board", record.get("board_id"), "board"),
            attribute_id=attribute_id,
            from_item_id=from_item,
            to_item_id=ingest.need("item", record.get("to_item_id"), "target item"),
        )
    )
    await batch.session.flush()
    await mirrors.copy_values(batch.session, [(from_item, attribute_id)])
    return target


async def _view(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    renamed = ingest.ids.strings(["attribute", "folder", "item"])
    batch.session.add(
        FolderView(
            id=target,
            board_id=ingest.need("board", record.get("board_id"), "board"),
            folder_id=ingest.need("folder", record.get("folder_id"), "folder"),
            name=text(record.get("name"), 255) or "View",
            type=text(record.get("type"), 32) or "table",
            sort_order=number(record.get("sort_order")),
            settings=translate(object_dict(record.get("settings")), renamed),
            created_by=ingest.user(record.get("created_by")),
            created_at=when(record.get("created_at")),
        )
    )
    return target


async def _hook(ingest: Ingest, batch: Batch, record: dict[str, Any], target: Any) -> Any:
    user_id = ingest.user(record.get("user_id"))
    if user_id is None:
        raise Skip("its owner is not a member here")
    now = utcnow()
    batch.session.add(
        Hook(
            id=target,
            workspace_id=ingest.workspace_id,
            board_id=ingest.need("board", record.get("board_id"), "board"),
            user_id=user_id,
            url=text(record.get("url"), 2048) or "",
            secret=text(record.get("secret"), 64) or uuid_str().replace("-", ""),
            events=[e for e in record.get("events") or [] if isinstance(e, dict) and e.get("event")],
            # Copied switched off: nothing fires at someone's endpoint until they turn it on.
            active=False,
            deactivated_at=now,
            deactivation_reason="imported: switched off until its owner turns it on",
        )
    )
    return target


WRITERS: dict[str, Writer] = {
    "workspace": _workspace,
    "user": _user,
    "board": _board,
    "folder": _folder,
    "attribute": _attribute,
    "attachment": _attachment,
    "item": _item,
    "comment": _comment,
    "reference": _reference,
    "view": _view,
    "hook": _hook,
}
KINDS = tuple(WRITERS)
