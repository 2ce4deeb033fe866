"""An import as the clerk runs it: a file read through the normalisation layer
(``congress.spreadsheets``), then a dry run showing every normalisation, every unknown column and
every problem at once, then the import itself. ``ResourceImporter`` runs a django-import-export
resource of the portal (``congress.import_export_base``); the history of items has its own importer
(``suggestions.history_import``). Uploaded files wait for the confirmation in a private temporary
folder under a random name."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tablib
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.results import RowResult

from .spreadsheets import CHOICE, ID_CARD, Column, Note, Problem, Sheet, Table, prepare

# -- columns ----------------------------------------------------------------------------------------


def choice_column(
    header: str,
    choices: Iterable[tuple[Any, Any]],
    *,
    synonyms: dict[str, tuple[str, ...]] | None = None,
    required: bool = False,
    aliases: tuple[str, ...] = (),
    example: str = "",
) -> Column:
    """A column of model choices: the allowed values are the choices' Chinese labels (the file
    format, whatever the clerk's language); ``synonyms`` maps a code to other words offices use."""
    with translation.override("zh-hans"):
        pairs = tuple(
            (str(label), (str(code), *(synonyms or {}).get(str(code), ()))) for code, label in choices
        )
    return Column(header, CHOICE, required=required, aliases=aliases, choices=pairs, example=example)


def mask_id_card(number: str) -> str:
    """An ID-card number as a preview may show it: the region and the last two characters."""
    return f"{number[:6]}{'*' * (len(number) - 8)}{number[-2:]}" if len(number) > 8 else number


def id_card_digest(number: str) -> str:
    """The keyed digest under which an ID-card number is recognised (the number is not stored)."""
    key = hashlib.sha256(f"id-card:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, number.upper().encode(), hashlib.sha256).hexdigest()


# -- outcome ------------------------------------------------------------------------------------------

NEW, UPDATE, SAME, INVALID = "new", "update", "same", "invalid"


def import_body(user: Any) -> Any:
    """The body an import writes into: the importing clerk's own (the first of them), the root
    body for a superuser or a command."""
    from .bodies import body_ids_writable_by, root_body
    from .models import Body

    writable = body_ids_writable_by(user) if user is not None else None
    if writable:
        return Body.objects.get(pk=writable[0])
    return root_body()


def name_index(pairs: Iterable[tuple[str, Any]]) -> dict[str, list[Any]]:
    """Rows by each name or code they go by (an empty key is skipped): what ``one_named`` reads."""
    found: dict[str, list[Any]] = {}
    for key, obj in pairs:
        if key and obj not in found.setdefault(key, []):
            found[key].append(obj)
    return found


def one_named(
    index: dict[str, list[Any]], value: str, column: Column, row: int, problems: list[Problem]
) -> Any:
    """The one row a cell names (by name or code), or None with a problem explained in Chinese: none
    of that name, or several (then the code tells them apart). An empty cell names nothing."""
    if not value:
        return None
    found = index.get(value, [])
    if len(found) == 1:
        return found[0]
    message = (
        _("Several rows are called this: use the code.") if found else _("Nothing of this name was found.")
    )
    problems.append(Problem(row, column.header, value, message, column.allowed_text()))
    return None


@dataclass
class PreviewRow:
    row: int
    action: str
    identifier: str
    values: list[str]

    @property
    def action_label(self) -> str:
        return {
            NEW: _("new"),
            UPDATE: _("update"),
            SAME: _("unchanged"),
            INVALID: _("refused"),
        }[self.action]


@dataclass
class Outcome:
    """What a run found: the table (notes, unknown columns, mapping), every problem in row order,
    the preview, counts by action, and whether anything was saved."""

    table: Table
    problems: list[Problem] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    saved: bool = False
    headers: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[Note]:
        return self.table.notes

    @property
    def note_summary(self) -> list[tuple[str, int, str]]:
        """Normalisations by column: how many, and the first as an example ("" column: rows)."""
        summary: dict[str, list[Any]] = {}
        for note in self.table.notes:
            entry = summary.setdefault(note.column, [0, note])
            entry[0] += 1
        return [(column, count, str(first)) for column, (count, first) in summary.items()]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in (NEW, UPDATE, SAME, INVALID)}


def merged_problems(table: Table, found: Iterable[Problem]) -> list[Problem]:
    """The layer's problems and the import's own, one per cell (the layer's wins: it names the
    allowed values), in row order."""
    problems = list(table.problems)
    if table.missing:
        problems.insert(
            0,
            Problem(
                table.header_row,
                "",
                "",
                _("Required columns are missing: %(columns)s") % {"columns": "、".join(table.missing)},
            ),
        )
    cells = {(problem.row, problem.column) for problem in problems}
    for problem in found:
        if (problem.row, problem.column) not in cells and (problem.row, "") not in cells:
            cells.add((problem.row, problem.column))
            problems.append(problem)
    return sorted(problems, key=lambda problem: (problem.row, problem.column))


class Importer:
    """One import of the admin: its columns, how it checks a row, how it runs."""

    title: Any = ""  # a (lazy) translated name of what is imported
    slug = ""

    def columns(self) -> Sequence[Column]:  # pragma: no cover
        raise NotImplementedError

    def named(
        self, index: dict[str, list[Any]], value: str, header: str, row: int, problems: list[Problem]
    ) -> Any:
        """The one row the cell under ``header`` names (``one_named``), or None with its problem."""
        column = next(c for c in self.columns() if c.header == header)
        return one_named(index, value, column, row, problems)

    def check_row(self, record: dict[str, Any], row: int) -> list[Problem]:
        return []

    def prepare(self, sheet: Sheet, clerk_mapping: dict[str, str] | None = None) -> Table:
        return prepare(sheet, self.columns(), clerk_mapping=clerk_mapping, check_row=self.check_row)

    def run(self, table: Table, *, dry_run: bool, user: Any) -> Outcome:  # pragma: no cover
        raise NotImplementedError


def cell_for_resource(value: Any) -> Any:
    """A normalised value as the resource's widgets read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


class ResourceImporter(Importer):
    """Runs a ``congress.import_export_base`` resource on the normalised table; all or nothing."""

    resource_class: Any = None

    def resource(self, user: Any) -> Any:
        return self.resource_class()

    def run(self, table: Table, *, dry_run: bool, user: Any) -> Outcome:
        headers = [column.header for column in self.columns() if column.header in table.mapping.values()]
        dataset = tablib.Dataset(headers=headers)
        for record in table.records:
            dataset.append([cell_for_resource(record.get(header)) for header in headers])
        resource = self.resource(user)
        resource.sheet_rows = table.row_numbers
        refused_early = bool(table.problems or table.missing)
        with transaction.atomic():
            result = resource.import_data(
                dataset,
                dry_run=dry_run or refused_early,
                use_transactions=True,
                rollback_on_validation_errors=True,
                raise_errors=False,
                retain_instance_in_row_result=True,
                user=user,
            )
        by_row = dict(zip(table.row_numbers, table.records, strict=True))
        found = [
            Problem(row, column or "", _text(by_row.get(row, {}).get(column or "")), message)
            for row, column, message in getattr(resource, "cell_problems", [])
        ]
        # The resource may have added columns (a fresh public identifier): preview what it read.
        headers = list(dataset.headers or headers)
        outcome = Outcome(table=table, headers=headers)
        outcome.problems = merged_problems(table, found)
        bad_rows = {problem.row for problem in outcome.problems}
        for index, row_result in enumerate(result.rows):
            number = table.row_numbers[index] if index < len(table.row_numbers) else index + 1
            outcome.rows.append(
                PreviewRow(
                    row=number,
                    action=INVALID if number in bad_rows else _action(row_result),
                    identifier=self.identifier(row_result, dataset[index] if index < len(dataset) else ()),
                    values=self.shown(headers, dataset[index] if index < len(dataset) else ()),
                )
            )
        known = {row.row for row in outcome.rows}
        for invalid in result.invalid_rows:
            number = resource.sheet_row(invalid.number)
            if number not in known:
                values = self.shown(headers, list(invalid.values))
                outcome.rows.append(PreviewRow(number, INVALID, "", values))
        outcome.rows.sort(key=lambda row: row.row)
        outcome.saved = not dry_run and not outcome.problems
        return outcome

    def shown(self, headers: Sequence[str], values: Sequence[Any]) -> list[str]:
        """A row as the preview shows it: an ID-card number masked (personal data, PIPL)."""
        hidden = {column.header for column in self.columns() if column.kind == ID_CARD}
        return [
            mask_id_card(_text(value)) if header in hidden else _text(value)
            for header, value in zip(headers, values, strict=False)
        ]

    def identifier(self, row_result: Any, values: Any) -> str:
        instance = getattr(row_result, "instance", None)
        for name in ("slug", "name"):
            value = getattr(instance, name, "") if instance is not None else ""
            if value:
                return str(value)
        return str(getattr(row_result, "object_repr", "") or "")


def _action(row_result: Any) -> str:
    kind = row_result.import_type
    if kind == RowResult.IMPORT_TYPE_NEW:
        return NEW
    if kind == RowResult.IMPORT_TYPE_UPDATE:
        return UPDATE
    if kind in (RowResult.IMPORT_TYPE_SKIP,):
        return SAME
    return INVALID


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


# -- files waiting for the confirmation ------------------------------------------------------------

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(
        getattr(settings, "IMPORT_UPLOAD_DIR", "") or Path(tempfile.gettempdir()) / "congress-imports"
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def upload_keep(data: bytes, filename: str) -> str:
    """Keep an uploaded file until the clerk confirms; returns the token naming it."""
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if filename.lower().endswith((".xlsx", ".xlsm")) else ".csv"
    (_folder() / f"{token}{suffix}").write_bytes(data)
    return token + suffix


def upload_read(token: str) -> tuple[bytes, str] | None:
    """The kept file of ``token`` and a name with its kind, or None (unknown or malformed token)."""
    stem, _dot, suffix = token.rpartition(".")
    if not TOKEN_RE.match(stem) or suffix not in ("xlsx", "csv"):
        return None
    path = _folder() / token
    if not path.is_file():
        return None
    return path.read_bytes(), token


def upload_forget(token: str) -> None:
    if upload_read(token) is not None:
        (_folder() / token).unlink(missing_ok=True)
