"""The package layering of docs/architecture.md holds: import-linter's contracts (pyproject.toml,
`[tool.importlinter]`) are kept, no module is part of an import cycle, and no function imports an
openinfinity module (an import hidden in a function is how a cycle used to go unnoticed)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "openinfinity"


def test_import_contracts_are_kept() -> None:
    """Items is the hub with the board schema and stored files below it, accounts sit below
    sign-in, and no two top-level packages import each other: a new back-import breaks a contract
    (the contracts have no ignore lines; docs/architecture.md draws the layers)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _imported_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        return ["openinfinity (relative)"]
    return [node.module or ""]


def function_level_imports(src: Path) -> list[str]:
    """`path:line module` for every import of an openinfinity module inside a function."""
    found: list[str] = []
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                for module in _imported_modules(node):
                    if module.split(".")[0] == "openinfinity":
                        found.append(f"{path.relative_to(src.parent)}:{node.lineno} {module}")
    return found


def test_no_openinfinity_import_inside_a_function() -> None:
    assert function_level_imports(SRC) == []


def module_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan's
    strongly connected components, iterative)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            for child in edges[node]:
                if child in on_stack:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_import_cycle_between_modules() -> None:
    """Stricter than the package contracts: not even two modules of one package import each
    other (imports under TYPE_CHECKING aside; they load nothing at run time)."""
    graph = grimp.build_graph("openinfinity", exclude_type_checking_imports=True, cache_dir=None)
    assert module_cycles(graph) == []
