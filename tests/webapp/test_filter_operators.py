"""The web app's filter editor offers, per attribute type, only operators the API's filter grammar
accepts (the type's `filtering`), and covers every type the grammar filters; its sort editor offers
the types that sort (`sort_by`). Read by running the
editor's own module in Node (no browser needed)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from openinfinity.schema.attributes.types import registry
from tests.webapp.harness import REPO, unavailable

MODULE = REPO / "src" / "openinfinity" / "webapp" / "src" / "board" / "views" / "operators.js"
# kind -> the operators the API accepts, for every type that can be filtered.
OPERATORS = {t.kind: t.filtering.operators for t in registry.types() if t.filtering is not None}
SCRIPT = """
const m = await import(process.argv[1]);
const out = {};
for (const type of JSON.parse(process.argv[2])) {
  const attribute = { id: "a", type };
  const operators = m.operatorsFor(attribute);
  out[type] = { operators, sortable: m.sortable(attribute),
    kinds: Object.fromEntries(operators.map((op) => [op, m.valueKind(attribute, op)])) };
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def editor() -> dict[str, dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js is needed to read the web app's modules")
        raise AssertionError("unreachable")  # unavailable() skips or fails
    types = registry.kinds()
    result = subprocess.run(
        [node, "--input-type=module", "-e", SCRIPT, MODULE.as_uri(), json.dumps(types)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return dict(json.loads(result.stdout))


def test_every_filterable_type_has_operators_the_grammar_accepts(
    editor: dict[str, dict[str, object]],
) -> None:
    for kind, operators in OPERATORS.items():
        offered = editor[kind]["operators"]
        assert isinstance(offered, list) and offered, kind
        assert set(offered) <= set(operators), (kind, set(offered) - set(operators))


def test_types_the_grammar_cannot_filter_offer_nothing(editor: dict[str, dict[str, object]]) -> None:
    for kind in registry.kinds():
        if kind not in OPERATORS:
            assert editor[kind]["operators"] == [], kind


def test_emptiness_operators_take_no_value_and_others_do(editor: dict[str, dict[str, object]]) -> None:
    for kind in OPERATORS:
        kinds = editor[kind]["kinds"]
        assert isinstance(kinds, dict)
        for operator, value_kind in kinds.items():
            if operator in ("is_empty", "is_not_empty"):
                assert value_kind == "none", (kind, operator)
            else:
                assert value_kind != "none", (kind, operator)


def test_the_sort_editor_offers_exactly_the_sortable_types(editor: dict[str, dict[str, object]]) -> None:
    for kind in registry.kinds():
        attribute_type = registry.get(kind)
        server = attribute_type is not None and attribute_type.sort_by is not None
        assert editor[kind]["sortable"] is server, kind
