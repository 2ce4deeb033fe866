"""Model fields for personal data at rest (congress.fieldcrypto): ``EncryptedTextField`` encrypts on
save and decrypts on load, so services, views and templates read and write clear text as before;
``BlindIndexField`` keeps the keyed index of another field, the only way to look a value up.

An encrypted column compares with nothing but the empty string (every ciphertext has its own nonce):
``filter(submitter_mobile="139…")`` is refused with an error that names the index to use instead."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from . import fieldcrypto


class EncryptedExact(Exact):
    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                f"{self.lhs.target.model._meta.label}.{self.lhs.target.name} is encrypted: look it up "
                "through its blind index (congress.fieldcrypto.blind_index)."
            )
        return self.rhs


class EncryptedTextField(models.TextField):
    """Text stored as SM4-GCM ciphertext; the empty string stays empty (a blank field is not a secret
    worth a ciphertext, and "no e-mail given" stays a cheap filter). ``max_length`` limits the clear
    text (forms and serialisers), not the column."""

    description = "Text encrypted with SM4-GCM"

    def column_label(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in ("", None):
            return value
        return fieldcrypto.decrypt(value, self.column_label())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in ("", None):
            return value
        return fieldcrypto.encrypt(str(value), self.column_label())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EncryptedExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        if self.max_length:
            kwargs = {"widget": forms.TextInput, **kwargs}
        return super().formfield(form_class=form_class, choices_form_class=choices_form_class, **kwargs)


class BlindIndexField(models.CharField):
    """HMAC-SM3 of the field ``source`` (congress.fieldcrypto.blind_index), computed on every save
    and bulk insert. A queryset ``update()`` of the source must set it too (``blind_index``)."""

    def __init__(self, *args: Any, source: str, purpose: str, **kwargs: Any) -> None:
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose)
        for key, default in (("max_length", 64), ("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def index_of(self, instance: models.Model) -> str:
        return fieldcrypto.blind_index(getattr(instance, self.source) or "", self.purpose)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.index_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_columns(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def index_columns(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
