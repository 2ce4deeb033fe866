"""Re-encrypt citizens' personal data under the current key (congress.fieldcrypto), in batches, while
the portal runs; ``--reindex`` recomputes the blind indexes after BLIND_INDEX_KEY changed."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from congress.audit import audit_record
from congress.encrypted_fields import encrypted_columns
from congress.fieldcrypto import provider
from congress.fieldcrypto_migrate import rotate_model


class Command(BaseCommand):
    help = "Re-encrypt personal data under the current field key (FIELD_ENCRYPTION_KEYS), in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--reindex", action="store_true", help="recompute every blind index as well")

    def handle(self, *args: Any, **options: Any) -> None:
        key_id = provider().current_key_id()
        counts: dict[str, int] = {}
        for model in apps.get_models():
            if encrypted_columns(model):
                counts[model._meta.label] = rotate_model(
                    model, batch_size=max(1, options["batch_size"]), reindex=options["reindex"]
                )
        audit_record(
            action="field_keys_rotate", data={"key": key_id, "rows": counts, "reindex": options["reindex"]}
        )
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} row(s) rewritten under key {key_id}.")
