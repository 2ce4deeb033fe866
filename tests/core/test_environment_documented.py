"""Every environment variable the settings (and the run command) read is in the one table of
docs/operations.md, and .env.example lists exactly the variables of that table: found by parsing the
code, so neither can drift from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "congress" / "settings").glob("*.py")), ROOT / "scripts" / "dev.py"]
# Set by the tooling itself, not by an operator: the dev script's re-exec marker, pytest-xdist's worker id.
INTERNAL = {"CONGRESS_DEV_INSIDE_VENV", "PYTEST_XDIST_WORKER"}


def _name(node: ast.expr) -> str:
    return ast.unparse(node)


def _is_env_read(call: ast.Call) -> bool:
    """``env("X")``, ``env.bool("X")`` (django-environ), ``os.environ.get("X")``, ``os.getenv("X")``,
    ``env.get("X")`` on the run command's copy of the environment, ``os.environ["X"]`` below."""
    func = _name(call.func)
    return (
        func == "env"
        or func.startswith("env.")
        or func in {"os.environ.get", "os.getenv", "os.environ.setdefault"}
    )


def variables_read(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    # A helper that reads a variable named by its first parameter (production's _required_secret).
    indirect: set[str] = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.args.args:
            first = function.args.args[0].arg
            for call in ast.walk(function):
                if (
                    isinstance(call, ast.Call)
                    and _is_env_read(call)
                    and call.args
                    and isinstance(call.args[0], ast.Name)
                    and call.args[0].id == first
                ):
                    indirect.add(function.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            value = node.args[0].value
            if isinstance(value, str) and (_is_env_read(node) or _name(node.func) in indirect):
                found.add(value)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)  # a read; the test command sets PATH, it reads none
            and _name(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            found.add(str(node.slice.value))
    return {name for name in found if re.fullmatch(r"[A-Z][A-Z0-9_]+", name)} - INTERNAL


def documented() -> set[str]:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    table = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", table, re.M))


def in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", text, re.M))


def test_the_parser_sees_the_kinds_of_reads_the_settings_use():
    names = set().union(*(variables_read(path) for path in SOURCES))
    # env(...), env.bool(...), env.db(...), os.environ.get(...), the production secret helper,
    # and the run command's env.get(...).
    assert {
        "COMMITTEE_NAME",
        "DJANGO_DEBUG",
        "DATABASE_URL",
        "TEST_DB_NAME",
        "DJANGO_SECRET_KEY",
        "PORT",
    } <= names


def test_every_variable_read_is_in_the_operations_table():
    names = set().union(*(variables_read(path) for path in SOURCES))
    assert sorted(names - documented()) == []


def test_env_example_lists_exactly_the_table():
    assert sorted(documented() ^ in_env_example()) == []
