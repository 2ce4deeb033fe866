"""Enable pg_trgm for duplicate suggestions when the server ships it, and index the text with it.

The embedded development PostgreSQL has no pg_trgm: then nothing happens and the duplicate finder
falls back to a simpler similarity in Python (see ``selectors.suggestion_duplicates``).
"""

from django.db import DatabaseError, migrations, transaction


def enable_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            # A savepoint: without the privilege to create the extension, migrate goes on and the
            # duplicate finder uses its fallback.
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS suggestion_text_trgm ON suggestions_suggestion "
            "USING gin (text gin_trgm_ops)"
        )


# Reason templates staff pick when rejecting (DOMAIN.md §5: out of scope, personal dispute for another
# channel); the text is what the submitter reads.
DEFAULT_REASONS = [
    ("不属于人大职责范围", "您反映的事项不属于人大代表和人大常委会的工作职责范围，建议向有关部门反映。"),
    ("属于个人纠纷", "您反映的事项属于个人之间的民事纠纷，建议通过人民调解、诉讼等途径依法解决。"),
    ("涉诉涉法事项", "您反映的事项已进入或应当通过诉讼、仲裁、行政复议等法定程序解决，请依法通过相应途径处理。"),
    ("信访事项", "您反映的事项属于信访事项，建议向信访部门反映。"),
    ("内容不清", "您反映的内容不够具体，无法办理。欢迎补充时间、地点和具体情况后重新提交。"),
]


def seed_reasons(apps, schema_editor):
    RejectionReason = apps.get_model("suggestions", "RejectionReason")
    for title, text in DEFAULT_REASONS:
        RejectionReason.objects.get_or_create(title=title, defaults={"text": text})


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS suggestion_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = [
        migrations.RunPython(enable_trigram, drop_index),
        migrations.RunPython(seed_reasons, migrations.RunPython.noop),
    ]
