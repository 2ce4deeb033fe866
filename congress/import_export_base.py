"""Shared base of the spreadsheet imports (django-import-export): column headers in Chinese, every
bad cell reported as "第N行「列名」：…", and nothing saved when any row is invalid.

Row numbers are spreadsheet rows: the header is row 1, so the first data row is row 2.

Column headers and choice labels are a file format shared with other offices' spreadsheets, not UI
text: they are fixed Chinese (headers are literals in each resource, choice labels are rendered in
zh-hans whatever language the person importing uses), so a file exported by one person always
re-imports for another."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.results import Error, Result, RowResult

from congress.errors import DomainError, RowErrors
from congress.ids import public_id

# Staff exchange spreadsheets as Excel or CSV only (issue 4).
SPREADSHEET_FORMATS = [base_formats.XLSX, base_formats.CSV]


def cell_error(row_number: int, column: str | None, message: str, *, sheet_row: int | None = None) -> str:
    """The one format every import error is shown in (``column`` None: the row as a whole).
    ``row_number`` counts data rows from 1 under a header in row 1; ``sheet_row``, when known (the
    file had title rows above its header: ``congress.spreadsheets``), is the spreadsheet's own."""
    row = sheet_row if sheet_row is not None else row_number + 1
    if column is None:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": message}
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


class ChoicesWidget(widgets.Widget):
    """Exports a choice as its label (what staff read) and imports either the label or the code."""

    FILE_LANGUAGE = "zh-hans"

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        self._choices = list(choices)
        self._translated: list[tuple[Any, str]] | None = None
        super().__init__(**kwargs)

    @property
    def choices(self) -> list[tuple[Any, str]]:
        # Translated once: every cell of every row asks (10,000 rows: docs/performance.md).
        if self._translated is None:
            with translation.override(self.FILE_LANGUAGE):
                self._translated = [(code, str(label)) for code, label in self._choices]
        return self._translated

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or str(value).strip() == "":
            return ""
        text = str(value).strip()
        for code, label in self.choices:
            if text == str(code) or text == str(label):
                return code
        allowed = "、".join(str(label) for _code, label in self.choices)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        for code, label in self.choices:
            if code == value:
                return str(label)
        return "" if value is None else str(value)


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key found by a readable field; a missing or ambiguous value is a clear error.
    Each value is looked up once per import (``forget`` runs before every import): a file of
    10,000 deputies names the same term 10,000 times."""

    def forget(self) -> None:
        self._found: dict[str, Any] = {}

    def restrict(self, queryset: Any) -> None:
        """Look values up only among these rows (an import's body scope), until ``restrict(None)``."""
        self._scope = queryset
        self.forget()

    def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
        scope = getattr(self, "_scope", None)
        return scope if scope is not None else super().get_queryset(value, row, *args, **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        found = getattr(self, "_found", None)
        if found is None:
            self.forget()
            found = self._found
        if text not in found:
            found[text] = self._find(text, row, **kwargs)
        return found[text]

    def _find(self, text: str, row: Any, **kwargs: Any) -> Any:
        """The row a cell names (not yet looked up in this import); a ValueError explains a miss."""
        try:
            return super().clean(text, row=row, **kwargs)
        except ObjectDoesNotExist as error:
            raise ValueError(
                _("No %(model)s “%(value)s” was found.")
                % {"model": self.model._meta.verbose_name, "value": text}
            ) from error
        except MultipleObjectsReturned as error:
            raise ValueError(
                _("More than one %(model)s is called “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "value": text}
            ) from error


class KeyOrNameWidget(LookupWidget):
    """A foreign key found by its key (a public identifier) or else by its name, as an office's
    list names a deputy or a station. A name several rows share is refused with a request for the
    identifier; among rows of the same name, ``prefer`` (a filter) picks one when only one fits it
    (the active deputy rather than the same person's seat in an ended term)."""

    def __init__(
        self,
        model: Any,
        field: str = "slug",
        *,
        name_field: str = "name",
        prefer: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(model, field)
        self.name_field = name_field
        self.prefer = prefer or {}

    def _find(self, text: str, row: Any, **kwargs: Any) -> Any:
        queryset = self.get_queryset(text, row)
        by_key = list(queryset.filter(**{self.field: text})[:2])
        if len(by_key) == 1:
            return by_key[0]
        named = list(queryset.filter(**{self.name_field: text})[:10])
        if len(named) > 1 and self.prefer:
            preferred = [obj for obj in named if all(getattr(obj, k) == v for k, v in self.prefer.items())]
            named = preferred if len(preferred) == 1 else named
        if len(named) == 1:
            return named[0]
        verbose = self.model._meta.verbose_name
        if named:
            raise ValueError(
                _("More than one %(model)s is called “%(value)s”: give the public identifier instead.")
                % {"model": verbose, "value": text}
            )
        raise ValueError(
            _("No %(model)s “%(value)s” was found among those you may write for.")
            % {"model": verbose, "value": text}
        )


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Like ManyToManyWidget, but a name that matches nothing is an error instead of being dropped.
    Each cell value is looked up once per import (see ``LookupWidget``)."""

    def forget(self) -> None:
        self._found: dict[str, list[Any]] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or str(value).strip() == "":
            return self.model.objects.none()
        if getattr(self, "_found", None) is None:
            self.forget()
        key = str(value)
        if key in self._found:
            return self._found[key]
        names = [part.strip() for part in str(value).replace(",", self.separator).split(self.separator)]
        names = [name for name in names if name]
        found = list(self.model.objects.filter(**{f"{self.field}__in": names}))
        missing = sorted(set(names) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(
                _("No %(model)s “%(value)s” was found.")
                % {"model": self.model._meta.verbose_name, "value": "、".join(missing)}
            )
        self._found[key] = found
        return found


class ChineseErrorsResource(resources.ModelResource):
    """Base resource: errors name row and column in Chinese; imports are all-or-nothing."""

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    # The spreadsheet row of each data row (``congress.spreadsheets.Table.row_numbers``), when the
    # file was read through the normalisation layer; the problems found, as (row, column, message).
    sheet_rows: list[int] | None = None

    def sheet_row(self, number: int) -> int:
        rows = self.sheet_rows
        return rows[number - 1] if rows and 0 < number <= len(rows) else number + 1

    # The column through which a row belongs to a people's congress body ("body", "term", "deputy",
    # "station"): during an import its look-up finds only what the importing user writes for, so no
    # row is put into a body outside their own (docs/bodies.md).
    body_owner: str | None = None
    # Other columns naming a row that must be the importing user's own too (a membership's deputy
    # as well as its station): a row naming another body's deputy is a row error, not a write.
    also_scoped: tuple[str, ...] = ()

    def _scoped_widgets(self) -> list[LookupWidget]:
        names = [self.body_owner, *self.also_scoped] if self.body_owner else list(self.also_scoped)
        found = [self.fields.get(name) for name in names]
        return [
            field.widget for field in found if field is not None and isinstance(field.widget, LookupWidget)
        ]

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self.cell_problems: list[tuple[int, str | None, str]] = []
        # Look-ups are remembered for one import only: a term renamed since is found afresh.
        for field in self.fields.values():
            forget = getattr(field.widget, "forget", None)
            if forget is not None:
                forget()
        self._import_user = kwargs.get("user")
        for widget in self._scoped_widgets():
            widget.restrict(_writable_rows(widget.model, self._import_user))
        super().before_import(dataset, **kwargs)

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        for widget in self._scoped_widgets():
            widget.restrict(None)
        super().after_import(dataset, result, **kwargs)

    def _keeps_body(self, field: Any, row: Any) -> bool:
        """A blank body cell keeps the row's body (a new row: the importing user's own)."""
        return field.attribute == "body" and not str(row.get(field.column_name) or "").strip()

    def in_scope(self, queryset: Any) -> Any:
        """Existing rows an import may match: those of the bodies the importing user reads (a row of a
        lower body is found, and its change refused by the services; a sibling's is not found)."""
        from congress.bodies import scoped_writer

        user = getattr(self, "_import_user", None)
        if not scoped_writer(user) or not hasattr(queryset, "visible_to"):
            return queryset
        return queryset.visible_to(user)

    def _column(self, attribute: str) -> str:
        for field in self.fields.values():
            if field.attribute == attribute or field.column_name == attribute:
                return str(field.column_name)
        return attribute

    def import_instance(self, instance: models.Model, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        for field in self.get_import_fields():
            if field.column_name not in row or not field.attribute or self._keeps_body(field, row):
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    field.clean(row, **kwargs)  # validated now, saved by save_m2m after the row
                else:
                    self.import_field(field, instance, row, **kwargs)
            except ArithmeticError:  # decimal.InvalidOperation from the number widgets
                errors[field.attribute] = ValidationError(_("Not a valid number."), code="invalid")
            except (ValueError, TypeError, ObjectDoesNotExist, MultipleObjectsReturned) as error:
                errors[field.attribute] = ValidationError(force_str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        """A row whose identifying cells name nothing is a validation error of those cells."""
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, TypeError, ObjectDoesNotExist, MultipleObjectsReturned) as error:
            errors: dict[str, Any] = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except (ValueError, TypeError, ObjectDoesNotExist, MultipleObjectsReturned) as cell:
                    errors[field.attribute] = ValidationError(force_str(cell), code="invalid")
            raise ValidationError(errors or {NON_FIELD_ERRORS: [force_str(error)]}) from error

    def _cell_errors(self, number: int, error: ValidationError) -> ValidationError:
        """The row's validation error with every message naming its row and column."""
        messages: dict[str, list[str]] = {}
        error_dict = (
            error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        )
        for key, values in error_dict.items():
            column = None if key == NON_FIELD_ERRORS else self._column(key)
            row = self.sheet_row(number)
            problems = getattr(self, "cell_problems", None)
            if problems is not None:
                problems.extend((row, column, message) for message in values)
            messages[key] = [cell_error(number, column, message, sheet_row=row) for message in values]
        return ValidationError(messages)

    def import_row(self, row: Any, instance_loader: Any, **kwargs: Any) -> Any:
        row_result = super().import_row(row, instance_loader, **kwargs)
        number = kwargs.get("row_number") or 0
        if row_result.validation_error is not None:
            row_result.validation_error = self._cell_errors(number, row_result.validation_error)
        if row_result.errors:
            getattr(self, "cell_problems", []).extend(
                (self.sheet_row(number), None, force_str(item.error)) for item in row_result.errors
            )
            row_result.errors = [
                Error(
                    Exception(
                        cell_error(number, None, force_str(item.error), sheet_row=self.sheet_row(number))
                    ),
                    row=item.row,
                    number=number,
                )
                for item in row_result.errors
            ]
        return row_result


def import_all_or_nothing(
    resource: resources.ModelResource, dataset: Any, *, dry_run: bool, user: Any = None
) -> tuple[Result, list[str]]:
    """Run an import (as ``user``, whose bodies scope it, as the admin's import does); when any row
    is invalid nothing is saved. Returns the result and the Chinese error lines (empty when every
    row is good)."""
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=user,
    )
    return result, import_error_lines(result)


def import_error_lines(result: Result) -> list[str]:
    lines: list[str] = []
    for error in result.base_errors:
        lines.append(force_str(error.error))
    for _number, errors in result.row_errors():
        lines.extend(force_str(error.error) for error in errors)
    for invalid in result.invalid_rows:
        for messages in invalid.error_dict.values():
            lines.extend(force_str(message) for message in messages)
    return lines


def _comparable(value: Any) -> Any:
    """Many-to-many values compare as their sets of primary keys."""
    if isinstance(value, list | tuple | models.QuerySet) and all(isinstance(v, models.Model) for v in value):
        return sorted(v.pk for v in value)
    return value


class ServiceSaveResource(ChineseErrorsResource):
    """Rows are written through the app's services, like every other write: ``service_create``
    gets the row's values, ``service_update`` the changed ones; the services audit each change.
    A refusal is a validation error of the row, so the import stays all or nothing, and the dry run
    (which runs inside a transaction that is rolled back) shows it before anything is saved."""

    class Meta(ChineseErrorsResource.Meta):
        abstract = True

    # Attributes never handed to the services (the identifier a row is matched on, read-only columns).
    service_exclude: tuple[str, ...] = ()

    def service_create(self, values: dict[str, Any], actor: Any) -> models.Model:  # pragma: no cover
        raise NotImplementedError

    def service_update(
        self, instance: Any, changes: dict[str, Any], actor: Any
    ) -> models.Model:  # pragma: no cover
        raise NotImplementedError

    def _service_fields(self) -> list[Any]:
        return [
            field
            for field in self.get_import_fields()
            if field.attribute and "__" not in field.attribute and not field.readonly
        ]

    def _current(self, instance: Any, field: Any) -> Any:
        if isinstance(field.widget, widgets.ManyToManyWidget):
            return list(getattr(instance, field.attribute).all()) if instance.pk else []
        return getattr(instance, field.attribute, None)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        instance._import_before = (
            {}
            if new
            else {field.attribute: self._current(instance, field) for field in self._service_fields()}
        )

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        self.before_save_instance(instance, row, **kwargs)
        actor = kwargs.get("user")
        values: dict[str, Any] = {}
        for field in self._service_fields():
            if field.column_name not in row or (field.attribute in self.service_exclude and not is_create):
                continue
            if self._keeps_body(field, row):
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                values[field.attribute] = list(field.clean(row, **kwargs))
            else:
                values[field.attribute] = getattr(instance, field.attribute, None)
        if is_create and self.bulk_create_rows:
            # Written together with the other new rows at the end of the import (``after_import``).
            self._staged.append(_Staged(instance, values, row, kwargs.get("row_number") or 0))
            return
        try:
            if is_create:
                saved = self.service_create(values, actor)
            else:
                before = getattr(instance, "_import_before", {})
                changes = {
                    name: value
                    for name, value in values.items()
                    if _comparable(value) != _comparable(before.get(name))
                }
                saved = self.service_update(instance, changes, actor) if changes else instance
        except DomainError as error:
            raise ValidationError({error.field or NON_FIELD_ERRORS: [error.message]}) from error
        instance.pk = saved.pk
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance: Any, row: Any, **kwargs: Any) -> None:
        return None  # the services save the many-to-many fields with the row

    # --- New rows in bulk ------------------------------------------------------------------------
    # A resource whose service has a bulk create (``service_bulk_create``) sets ``bulk_create_rows``:
    # every new row is validated cell by cell as usual, then all of them are written by one service
    # call after the last row (a few statements per table instead of several per row). The service
    # validates the rows and names each refused one (``RowErrors``), which is reported under its
    # spreadsheet row like any other error; the dry run makes the same call inside its rolled-back
    # transaction, so the preview shows the same refusals.

    bulk_create_rows = False

    def service_bulk_create(
        self, rows: list[dict[str, Any]], actor: Any
    ) -> list[models.Model]:  # pragma: no cover
        raise NotImplementedError

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self._staged: list[_Staged] = []
        self._row_results: dict[int, RowResult] = {}
        super().before_import(dataset, **kwargs)

    def import_row(self, row: Any, instance_loader: Any, **kwargs: Any) -> Any:
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.bulk_create_rows:
            self._row_results[kwargs.get("row_number") or 0] = row_result
        return row_result

    def after_import(self, dataset: Any, result: Result, **kwargs: Any) -> None:
        staged, self._staged = getattr(self, "_staged", []), []
        if staged and not result.has_validation_errors() and not result.has_errors():
            try:
                saved = self.service_bulk_create([item.values for item in staged], kwargs.get("user"))
            except RowErrors as refused:
                for index, error in sorted(refused.errors.items()):
                    self._refuse(result, staged[index], error)
            else:
                for item, obj in zip(staged, saved, strict=True):
                    item.instance.pk = obj.pk
                    row_result = self._row_results.get(item.number)
                    if row_result is not None:
                        row_result.add_instance_info(item.instance)
        super().after_import(dataset, result, **kwargs)

    def _refuse(self, result: Result, item: _Staged, error: DomainError) -> None:
        validation = self._cell_errors(
            item.number, ValidationError({error.field or NON_FIELD_ERRORS: [error.message]})
        )
        row_result = self._row_results.get(item.number)
        if row_result is not None:
            result.totals[row_result.import_type] -= 1
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = validation
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
        result.append_invalid_row(item.number, item.row, validation)


def _writable_rows(model: Any, user: Any) -> Any:
    from congress.bodies import bodies_writable_by, scoped_writer
    from congress.models import Body

    if not scoped_writer(user):
        return None  # superusers, the system; other importers are checked by their own rules
    if model is Body:
        return bodies_writable_by(user)
    manager = model._default_manager
    return manager.writable_by(user) if hasattr(manager, "writable_by") else None


class _Staged:
    """A new row waiting for the bulk write: its instance (for the row result), the values handed
    to the service, the row and its number."""

    __slots__ = ("instance", "number", "row", "values")

    def __init__(self, instance: Any, values: dict[str, Any], row: Any, number: int) -> None:
        self.instance, self.values, self.row, self.number = instance, values, row, number


class PublicIdResource(ServiceSaveResource):
    """Rows are matched on the public identifier (``slug``); new rows may leave it out or empty, and
    get a fresh one."""

    class Meta(ServiceSaveResource.Meta):
        abstract = True

    service_exclude = ("slug",)

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        column = self.fields["slug"].column_name
        if dataset.headers and column not in dataset.headers:
            dataset.insert_col(0, [""] * len(dataset), header=column)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        column = self.fields["slug"].column_name
        if column in row and not str(row[column] or "").strip():
            row[column] = public_id()
            # A fresh identifier names no existing row: no need to look it up (one query a row).
            self._fresh_ids: set[str] = getattr(self, "_fresh_ids", set())
            self._fresh_ids.add(row[column])

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        column = self.fields["slug"].column_name
        if column in row and row[column] in getattr(self, "_fresh_ids", ()):
            return None
        return super().get_instance(instance_loader, row)
