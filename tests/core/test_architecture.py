"""The package layering of docs/architecture.md holds: import-linter's contracts (pyproject.toml,
`[tool.importlinter]`) are kept, and no function imports an openinfinity module (an import hidden
in a function is how a cycle between packages used to go unnoticed)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "openinfinity"


def test_import_contracts_are_kept() -> None:
    """Items is the hub, the board schema is a leaf, and no two top-level packages import each
    other (a new back-import breaks a contract; a removed one must leave the ignore list too)."""
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
