from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


@pytest.mark.parametrize(
    ("data", "stored"),
    [
        ("2023-05-25", "2023-05-25"),
        ("2023-05-25T22:01:55Z", "2023-05-25T22:01:55.000000Z"),
        ("2023-05-25T22:01:55.000000Z", "2023-05-25T22:01:55.000000Z"),
        ("2023-05-26T00:01:55+02:00", "2023-05-25T22:01:55.000000Z"),
        ("2023-05-25 22:01", "2023-05-25T22:01:00.000000Z"),
        (None, None),
    ],
)
async def test_valid(data: object, stored: object) -> None:
    assert await normalise("date", data) == stored


@pytest.mark.parametrize(
    "bad", ["yesterday", "2023-13-01", "25/05/2023", "2023-05-25X10", 1685052115, True, ["2023-05-25"]]
)
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("date", bad)


def test_sort_key_is_epoch_and_iso() -> None:
    t, a = kind("date"), attr("date")
    assert t.sort_key("1970-01-02", a) == SortKey(number=86400.0, text="1970-01-02")
    assert t.sort_key("1970-01-01T00:01:00.000000Z", a) == SortKey(
        number=60.0, text="1970-01-01T00:01:00.000000Z"
    )
    assert t.sort_key(None, a) == SortKey()


def test_convert_from_text() -> None:
    t, a = kind("date"), attr("date")
    assert t.convert("2023-05-25", kind("text"), a) == "2023-05-25"
    with pytest.raises(InvalidValue):
        t.convert("soon", kind("text"), a)
