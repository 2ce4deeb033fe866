#!/usr/bin/env python3
"""Translation catalogues: each app keeps its own (``<app>/locale``), the shared templates keep
``templates/locale``.

    python scripts/i18n.py update   # refresh every zh_Hans catalogue from the code
    python scripts/i18n.py check    # fail, changing nothing, when a committed catalogue is not what
                                    # update would make of the code, or has an untranslated or fuzzy
                                    # string, a string translated differently in two catalogues, or
                                    # a string that shadows Django's or a package's translation
    python scripts/i18n.py compile  # build the .mo files
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh_Hans"
# (folder scanned, folders inside it to skip because they keep their own catalogue)
CATALOGUES: list[tuple[str, list[str]]] = [
    ("templates", []),
    ("congress", ["calendar", "notifications", "reports", "settings", "migrations"]),
    ("congress/calendar", ["migrations"]),
    ("congress/notifications", ["migrations"]),
    ("congress/reports", ["migrations"]),
    ("deputies", ["migrations"]),
    ("stations", ["migrations"]),
    ("suggestions", ["migrations"]),
    ("votes", ["migrations"]),
]


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "congress.settings.local"),
        "PYTHONPATH": str(ROOT),
    }


def update() -> None:
    for folder, skip in CATALOGUES:
        cwd = ROOT / folder
        (cwd / "locale").mkdir(exist_ok=True)
        ignores = [f"--ignore={name}/*" for name in skip] + ["--ignore=locale/*"]
        subprocess.check_call(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "makemessages",
                "-l",
                LOCALE,
                "--no-obsolete",
                "--add-location=file",
                "-v",
                "0",
                *ignores,
            ],
            cwd=cwd,
            env=_env(),
        )
        po = cwd / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
        if po.exists():
            _clean_header(po)


def _clean_header(po: Path) -> None:
    """A new catalogue's header is marked fuzzy with placeholder charset; make it a real header."""
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition('msgid ""\nmsgstr ""\n')
    head = head.replace("#, fuzzy\n", "")
    rest = rest.replace("charset=CHARSET", "charset=UTF-8", 1)
    po.write_text(head + sep + rest, encoding="utf-8")


def _entries(po: Path) -> list[tuple[list[str], str, list[str]]]:
    """(flags, msgid, msgstrs) for every entry but the header; an entry with a context has the
    msgid ``context + "\x04" + msgid``, as gettext keys it."""
    return _entries_of(po.read_text(encoding="utf-8"))


def _entries_of(text: str) -> list[tuple[list[str], str, list[str]]]:
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        flags = [f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")]
        msgid, msgstrs, current, context = "", [], None, None
        for line in lines:
            if line.startswith("msgctxt "):
                current = "msgctxt"
                context = _unquote(line[8:])
            elif line.startswith("msgid "):
                current = "msgid"
                msgid = _unquote(line[6:])
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgstr"):
                current = "msgstr"
                msgstrs.append(_unquote(line.split(" ", 1)[1]))
            elif line.startswith('"'):
                if current == "msgctxt":
                    context = (context or "") + _unquote(line)
                elif current == "msgid":
                    msgid += _unquote(line)
                elif current == "msgstr":
                    msgstrs[-1] += _unquote(line)
        if msgid == "" and not any(line.startswith("msgid_plural") for line in lines):
            continue  # header
        entries.append((flags, msgid if context is None else f"{context}\x04{msgid}", msgstrs))
    return entries


def _unquote(text: str) -> str:
    return re.sub(r'^"|"$', "", text.strip())


def _catalogue(folder: str) -> Path:
    return ROOT / folder / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


def _msgids(po: Path) -> set[str]:
    return {msgid for _flags, msgid, _msgstrs in _entries(po)} if po.exists() else set()


def _stale() -> list[str]:
    """Compare the committed catalogues with what ``update`` would make of the code, and put the
    files back as they were: the check reads what is committed and never repairs it."""
    saved = {
        folder: _catalogue(folder).read_bytes() if _catalogue(folder).exists() else None
        for folder, _ in CATALOGUES
    }
    committed = {folder: _msgids(_catalogue(folder)) for folder, _ in CATALOGUES}
    try:
        update()
        current = {folder: _msgids(_catalogue(folder)) for folder, _ in CATALOGUES}
    finally:
        for folder, content in saved.items():
            if content is None:
                _catalogue(folder).unlink(missing_ok=True)
            else:
                _catalogue(folder).write_bytes(content)
    problems = []
    for folder, _ in CATALOGUES:
        name = _catalogue(folder).relative_to(ROOT)
        for msgid in sorted(current[folder] - committed[folder]):
            problems.append(f"{name}: in the code but not in the catalogue: {msgid!r}")
        for msgid in sorted(committed[folder] - current[folder]):
            problems.append(f"{name}: in the catalogue but no longer in the code: {msgid!r}")
    if problems:
        problems.append("run `python scripts/i18n.py update`, translate, and commit the catalogues")
    return problems


def check() -> int:
    problems = _stale()
    for folder, _skip in CATALOGUES:
        po = _catalogue(folder)
        if not po.exists():
            continue
        for flags, msgid, msgstrs in _entries(po):
            if "fuzzy" in flags:
                problems.append(f"{po.relative_to(ROOT)}: fuzzy: {msgid!r}")
            elif not msgstrs or any(not s for s in msgstrs):
                problems.append(f"{po.relative_to(ROOT)}: untranslated: {msgid!r}")
    problems += _clashes()
    problems += _shadows()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} catalogue problem(s)")
        return 1
    compile_all()
    print("zh-hans catalogues complete")
    return 0


def _installed_catalogues() -> dict[str, dict[str, str]]:
    """The zh-hans translations Django itself loads besides ours: its global catalogue and those of
    the installed apps that are not the project's, by app."""
    import gettext

    import django
    from django.apps import apps

    os.environ.update({k: v for k, v in _env().items() if k == "DJANGO_SETTINGS_MODULE"})
    sys.path.insert(0, str(ROOT))
    django.setup()
    folders = {"django": Path(django.__file__).parent / "conf"}
    for config in apps.get_app_configs():
        if "site-packages" in Path(config.path).parts or not Path(config.path).is_relative_to(ROOT):
            folders[config.name] = Path(config.path)
    found: dict[str, dict[str, str]] = {}
    for name, folder in folders.items():
        mo = folder / "locale" / LOCALE / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            found[name] = {k: v for k, v in catalogue.items() if isinstance(k, str) and k}
    return found


# A translator comment that says a shadow is meant (the admin's 注销 reads 退出登录 across the portal).
REPLACES = "# Replaces the framework's wording on purpose"


def _meant(po: Path) -> set[str]:
    meant = set()
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if REPLACES in block:
            meant |= {msgid for _flags, msgid, _msgstrs in _entries_of(block)}
    return meant


def _shadows() -> list[str]:
    """A project string with the same msgid (and context) as one of Django's or an installed app's
    but another translation replaces theirs everywhere: the admin's "Change" link once read 增减
    because a report column translated "Change" so. Such a string needs a context of its own, or the
    translator comment ``REPLACES`` where replacing the framework's wording is meant."""
    installed = _installed_catalogues()
    problems = []
    for folder, _skip in CATALOGUES:
        po = _catalogue(folder)
        if not po.exists():
            continue
        meant = _meant(po)
        for flags, msgid, msgstrs in _entries(po):
            if "fuzzy" in flags or not msgstrs or len(msgstrs) > 1 or msgid in meant:
                continue
            for package, catalogue in installed.items():
                theirs = catalogue.get(msgid)
                if theirs is not None and theirs.strip() != msgstrs[0].strip():
                    problems.append(
                        f"{po.relative_to(ROOT)}: {msgid!r} -> {msgstrs[0]!r} shadows {package}'s "
                        f"{theirs!r}: give it a context (pgettext)"
                    )
    return problems


def _clashes() -> list[str]:
    """Django merges every catalogue into one: a string (with its context) translated one way in one
    catalogue and another way in the next shows whichever translation wins, in every app. Each such
    clash must be settled, by one translation or by a context (``pgettext``) per meaning."""
    translations: dict[str, dict[tuple[str, ...], list[str]]] = {}
    for folder, _skip in CATALOGUES:
        po = ROOT / folder / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
        if po.exists():
            for flags, msgid, msgstrs in _entries(po):
                if "fuzzy" not in flags and all(msgstrs):
                    translations.setdefault(msgid, {}).setdefault(tuple(msgstrs), []).append(folder)
    problems = []
    for msgid, variants in sorted(translations.items()):
        if len(variants) > 1:
            ways = "; ".join(f"{' / '.join(s)} ({', '.join(f)})" for s, f in variants.items())
            problems.append(f"translated differently across catalogues: {msgid!r}: {ways}")
    return problems


def compile_all() -> None:
    for folder, _skip in CATALOGUES:
        cwd = ROOT / folder
        if (cwd / "locale").is_dir():
            subprocess.check_call(
                [sys.executable, str(ROOT / "manage.py"), "compilemessages", "-l", LOCALE, "-v", "0"],
                cwd=cwd,
                env=_env(),
            )


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
        return 0
    if command == "check":
        return check()
    if command == "compile":
        compile_all()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
