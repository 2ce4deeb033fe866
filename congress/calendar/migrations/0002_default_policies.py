"""Seed the default deadline policies of DOMAIN.md §5; staff can edit them in the admin.

Each default names its source: a seed-document line (e.g. 002:931) or the law.
"""

from django.db import migrations

# (code, name, applies to, unit, amount, max total extension, source)
DEFAULT_POLICIES = [
    # The "2310" chain for citizen opinions (002:931): triage and forward within 2 working days,
    # routing inside the unit within 3, reply to the submitter within 10.
    ("opinion.triage", "群众意见登记分办", "群众意见建议：登记受理后分类转办", "working_days", 2, 0,
     "“2310”工作机制（002:931）"),
    ("opinion.routing", "承办单位办公室转办", "群众意见建议：承办单位内部转办", "working_days", 3, 0,
     "“2310”工作机制（002:931）"),
    ("opinion.reply", "答复群众", "群众意见建议：承办单位答复提出人", "working_days", 10, 0,
     "“2310”工作机制（002:931）"),
    # Overall feedback to the citizen within one month (002:585).
    ("opinion.feedback", "反馈群众", "群众意见建议：向群众反馈办理结果", "months", 1, 0, "一个月内反馈（002:585）"),
    # Deputies Law: reply within 3 months of assignment; complex items up to 6 months in total, with
    # approval (an extension of at most 3 more months).
    ("deputy_suggestion.reply", "代表建议答复", "代表建议：承办单位答复代表", "months", 3, 3,
     "《代表法》：自交办之日起三个月内答复，涉及面广、处理难度大的六个月内答复"),
    # Co-units give their views to the lead unit within one month (default, no source names one).
    ("co_unit.views", "协办意见", "协办单位向主办单位提出协办意见", "months", 1, 0, "默认值"),
    # A new reply after an unsatisfied rating within one month (default).
    ("reopened.reply", "重新办理答复", "不满意后重新办理并答复", "months", 1, 0, "默认值"),
    # A misrouted item may be returned within 10 days of receipt (default).
    ("assignment.return_window", "退回时限", "承办单位对交办错误的事项申请退回", "calendar_days", 10, 0, "默认值"),
    # Rectification of a low-rated or unfinished livelihood project (default, 001 names no number).
    ("project.rectification", "民生实事整改", "民生实事项目测评不满意或未完成的整改", "working_days", 30, 0, "默认值"),
]


def seed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("workcalendar", "DeadlinePolicy")
    for code, name, applies_to, unit, amount, max_extension, source in DEFAULT_POLICIES:
        DeadlinePolicy.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "applies_to": applies_to,
                "unit": unit,
                "amount": amount,
                "max_extension": max_extension,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
