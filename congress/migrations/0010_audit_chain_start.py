"""Start the audit chain over the events already written: positions in the order they were
written (time, then id), each hashed as ``congress.audit_chain`` does for new ones."""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from congress.audit_chain import chain_key, chain_rows

    AuditEvent = apps.get_model("congress", "AuditEvent")
    AuditChainHead = apps.get_model("congress", "AuditChainHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    labels = {pk: f"{app}.{model}" for pk, app, model in ContentType.objects.using(db).values_list("pk", "app_label", "model")}

    def type_label(pk):
        return labels[pk] if pk is not None else ""

    rows = list(AuditEvent.objects.using(db).order_by("at", "pk"))
    chain_rows(rows, type_label=type_label, key=chain_key())
    AuditEvent.objects.using(db).bulk_update(
        rows, ["seq", "prev_hash", "content_digest", "row_hash", "redacted"], batch_size=2000
    )
    last = rows[-1] if rows else None
    AuditChainHead.objects.using(db).create(
        pk=1, last_seq=last.seq if last else 0, last_hash=last.row_hash if last else ""
    )


class Migration(migrations.Migration):
    dependencies = [("congress", "0009_audit_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
