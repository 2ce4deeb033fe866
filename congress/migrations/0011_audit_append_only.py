"""Audit events are append-only in the database itself: a trigger refuses every DELETE and every
UPDATE, except the removal of personal data that ``congress.audit_chain.audit_redact`` makes (note
and data replaced, ``redacted`` set, nothing else touched). TRUNCATE is left to the grants: the
application's account is given none (docs/operations.md, "The database account")."""

from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION congress_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.redacted
       AND (NEW.id, NEW.seq, NEW.at, NEW.actor_id, NEW.action, NEW.from_state, NEW.to_state,
            NEW.content_type_id, NEW.object_id, NEW.address, NEW.content_digest, NEW.prev_hash,
            NEW.row_hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.seq, OLD.at, OLD.actor_id, OLD.action, OLD.from_state, OLD.to_state,
            OLD.content_type_id, OLD.object_id, OLD.address, OLD.content_digest, OLD.prev_hash,
            OLD.row_hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER congress_auditevent_append_only
    BEFORE UPDATE OR DELETE ON congress_auditevent
    FOR EACH ROW EXECUTE FUNCTION congress_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS congress_auditevent_append_only ON congress_auditevent;
DROP FUNCTION IF EXISTS congress_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("congress", "0010_audit_chain_start")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="position in the chain"),
        ),
        migrations.RunSQL(TRIGGER, DROP),
    ]
