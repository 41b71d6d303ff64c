"""Attributes of a board: list, get, create, update (including type changes that convert the
stored values), delete, and the multi-action upsert."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import history as recorder
from openinfinity.core import multiaction
from openinfinity.core.errors import NotFound, ValidationFailed, merge_validation
from openinfinity.core.ids import is_uuid
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live, soft_delete
from openinfinity.items.catalog import value_context
from openinfinity.items.conversion import announce_changed_values, change_type, refresh_keys
from openinfinity.items.search import reindex_attribute
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.schemas import AttributeWrite
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue
from openinfinity.schema.folders.models import Folder

_UNSET: Any = object()
# Room for a thousand labels; settings are read with every attribute.
MAX_SETTINGS_BYTES = 256_000


async def list_attributes(session: AsyncSession, board: BoardContext, params: PageParams) -> Page[Attribute]:
    stmt = select(Attribute).where(Attribute.board_id == board.id, live(Attribute))
    return await paginate(session, stmt, params, id_column=Attribute.id, created_column=Attribute.created_at)


async def get_attribute(session: AsyncSession, board_id: str, attribute_id: str) -> Attribute:
    attribute = await session.scalar(
        select(Attribute).where(Attribute.id == attribute_id, Attribute.board_id == board_id, live(Attribute))
    )
    if attribute is None:
        raise NotFound.of("Attribute")
    return attribute


def _kind(name: str | None) -> AttributeType:
    if name is None or name == "":
        raise ValidationFailed.required("type")
    kind = registry.get(name) if isinstance(name, str) else None
    if kind is None:
        raise ValidationFailed({"type": ["The selected type is invalid."]})
    return kind


def _settings(kind: AttributeType, raw: Any) -> dict[str, Any]:
    if raw is None or raw == []:
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationFailed.field("settings", "must be an object.")
    if len(json.dumps(raw, default=str)) > MAX_SETTINGS_BYTES:
        raise ValidationFailed.field("settings", f"must not be larger than {MAX_SETTINGS_BYTES} bytes.")
    try:
        return kind.validate_settings(raw)
    except InvalidValue as exc:
        raise ValidationFailed({"settings": [f"The settings are invalid: {exc}"]}) from None


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationFailed.required("name")
    return raw.strip()


async def _default(
    session: AsyncSession, board: BoardContext, kind: AttributeType, probe: Attribute, raw: Any
) -> Any:
    if raw is None:
        return kind.empty
    try:
        return await kind.normalise_default(raw, probe, value_context(session, board))
    except InvalidValue as exc:
        raise ValidationFailed.field("default_data", str(exc)) from None


async def create_attribute(
    session: AsyncSession,
    board: BoardContext,
    *,
    name: str,
    type: str,
    default_data: Any = None,
    settings: dict[str, Any] | list[Any] | None = None,
    attribute_id: str | None = None,
) -> Attribute:
    errors: list[ValidationFailed] = []
    checked: dict[str, Any] = {}
    for field, check in (("name", lambda: _name(name)), ("kind", lambda: _kind(type))):
        try:
            checked[field] = check()
        except ValidationFailed as exc:
            errors.append(exc)
    if errors:
        raise merge_validation(errors)
    kind: AttributeType = checked["kind"]
    if attribute_id is not None and not is_uuid(attribute_id):
        raise ValidationFailed.field("id", "must be a valid UUID.")
    if attribute_id is not None and await session.get(Attribute, attribute_id) is not None:
        raise ValidationFailed({"id": ["The id has already been taken."]})
    clean_settings = _settings(kind, settings)
    attribute = Attribute(
        board_id=board.id,
        name=checked["name"],
        type=kind.kind,
        settings=clean_settings,
        created_by=board.user_id,
    )
    if attribute_id is not None:
        attribute.id = attribute_id
    attribute.default_data = await _default(session, board, kind, attribute, default_data)
    session.add(attribute)
    await session.flush()
    _audit(session, board, "attribute.created", attribute)
    return attribute


def _audit(session: AsyncSession, board: BoardContext, action: str, attribute: Attribute) -> None:
    recorder.audit(
        session,
        workspace_id=board.workspace.id,
        action=action,
        target_type="attribute",
        target_id=attribute.id,
        details={"board_id": board.id, "name": attribute.name, "type": attribute.type},
        principal=board.workspace.principal,
    )


@dataclass(slots=True)
class AttributeChanges:
    name: Any = _UNSET
    type: Any = _UNSET
    default_data: Any = _UNSET
    settings: Any = _UNSET


async def update_attribute(
    session: AsyncSession, board: BoardContext, attribute: Attribute, changes: AttributeChanges
) -> Attribute:
    """Apply the given fields. A type change converts every stored value or changes nothing."""
    name = attribute.name if changes.name is _UNSET or changes.name is None else _name(changes.name)
    old_kind = registry.get(attribute.type)
    kind = old_kind if changes.type is _UNSET or changes.type is None else _kind(changes.type)
    if kind is None:
        # Only possible for a type whose module is gone; the client must pick a known type.
        raise ValidationFailed({"type": ["The selected type is invalid."]})
    type_changed = kind.kind != attribute.type
    settings_given = changes.settings is not _UNSET and changes.settings is not None
    raw_settings = changes.settings if settings_given else (attribute.settings or {})
    settings = _settings(kind, raw_settings)
    # A probe with the new type and settings, so validation and conversion see the result.
    probe = Attribute(id=attribute.id, board_id=board.id, name=name, type=kind.kind, settings=settings)
    if changes.default_data is not _UNSET:
        default = await _default(session, board, kind, probe, changes.default_data)
    elif type_changed and old_kind is not None:
        default = _convert_default(attribute.default_data, old_kind, kind, probe)
    else:
        default = attribute.default_data
    changed = []
    if type_changed and old_kind is not None:
        changed = await change_type(session, attribute, old_kind, probe)
    settings_changed = settings != (attribute.settings or {})
    attribute.name = name
    attribute.type = kind.kind
    attribute.settings = settings
    attribute.default_data = default
    attribute.updated_at = utcnow()
    await session.flush()
    if settings_changed and not type_changed:
        await refresh_keys(session, attribute)
    if settings_changed or type_changed:
        await reindex_attribute(session, attribute.id)
    await announce_changed_values(session, board, changed)
    return attribute


def _convert_default(data: Any, source: AttributeType, target: AttributeType, probe: Attribute) -> Any:
    """The old default in the new type, or the new type's empty value when it does not convert."""
    if target.computed or not target.writable or data in (None, "", []):
        return target.empty
    try:
        return target.convert(data, source, probe)
    except InvalidValue:
        return target.empty


async def delete_attribute(session: AsyncSession, board: BoardContext, attribute: Attribute) -> Attribute:
    """Soft delete; folders stop listing the attribute."""
    soft_delete(attribute)
    folders = await session.scalars(select(Folder).where(Folder.board_id == board.id))
    for folder in folders.all():
        if attribute.id in (folder.attribute_ids or []):
            folder.attribute_ids = [a for a in folder.attribute_ids if a != attribute.id]
    await session.flush()
    await reindex_attribute(session, attribute.id)
    _audit(session, board, "attribute.deleted", attribute)
    return attribute


async def multi_action(
    session: AsyncSession, board: BoardContext, body: AttributeWrite
) -> multiaction.Outcome[Attribute]:
    """The multi-action POST (core/multiaction.py has the rule)."""
    given = body.model_fields_set

    async def find(attribute_id: str) -> Attribute | None:
        return await session.scalar(
            select(Attribute).where(
                Attribute.id == attribute_id, Attribute.board_id == board.id, live(Attribute)
            )
        )

    async def create(attribute_id: str | None) -> Attribute:
        return await create_attribute(
            session,
            board,
            name=body.name or "",
            type=body.type or "",
            default_data=body.default_data,
            settings=body.settings,
            attribute_id=attribute_id,
        )

    async def update(attribute: Attribute) -> Attribute:
        changes = AttributeChanges(**{k: getattr(body, k) for k in given if k in AttributeChanges.__slots__})
        return await update_attribute(session, board, attribute, changes)

    async def delete(attribute: Attribute) -> Attribute:
        return await delete_attribute(session, board, attribute)

    return await multiaction.run(
        record_id=body.id,
        deleted_at=body.deleted_at,
        what="Attribute",
        find=find,
        create=create,
        update=update,
        delete=delete,
    )
