"""三员分立 in the database: an account in one of the administrator groups (system, security, audit
administrator: congress/roles.py) is in no other group, whatever writes ``auth_user_groups`` (the
admin, a service, a shell, a script). The user's row is locked first, so two concurrent grants cannot
both pass the check."""

from django.db import migrations

ADMIN_GROUPS = "('system_admin', 'security_admin', 'audit_admin')"

TRIGGER = f"""
CREATE OR REPLACE FUNCTION congress_admin_roles_apart() RETURNS trigger AS $$
DECLARE
    new_is_admin boolean;
BEGIN
    PERFORM 1 FROM auth_user WHERE id = NEW.user_id FOR UPDATE;
    SELECT name IN {ADMIN_GROUPS} INTO new_is_admin FROM auth_group WHERE id = NEW.group_id;
    IF EXISTS (
        SELECT 1 FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id
        WHERE ug.user_id = NEW.user_id AND ug.group_id <> NEW.group_id
          AND (new_is_admin OR g.name IN {ADMIN_GROUPS})
    ) THEN
        RAISE EXCEPTION 'an administrator role is held with no other role (user %)', NEW.user_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER congress_admin_roles_apart
    BEFORE INSERT OR UPDATE ON auth_user_groups
    FOR EACH ROW EXECUTE FUNCTION congress_admin_roles_apart();
"""

DROP = """
DROP TRIGGER IF EXISTS congress_admin_roles_apart ON auth_user_groups;
DROP FUNCTION IF EXISTS congress_admin_roles_apart();
"""


class Migration(migrations.Migration):
    dependencies = [("congress", "0011_audit_append_only"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunSQL(TRIGGER, DROP)]
