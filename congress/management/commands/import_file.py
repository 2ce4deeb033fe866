"""Import a spreadsheet from the command line, the same way the admin's “导入” button does (same
resources, same services, all or nothing): for a first install from a script, or a file too large to
upload. Areas (districts, then streets) first, then handling units, stations, deputies and
memberships."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from congress.import_export_base import import_all_or_nothing

RESOURCES = {
    "areas": "congress.resources.AreaResource",
    "units": "congress.resources.HandlingUnitResource",
    "stations": "stations.resources.StationResource",
    "deputies": "deputies.resources.DeputyResource",
    "memberships": "stations.resources.MembershipResource",
}


class Command(BaseCommand):
    help = "Import areas, handling units, stations, deputies or memberships from a .csv or .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(RESOURCES), help="what the file holds")
        parser.add_argument("path", help="a .csv (UTF-8) or .xlsx file with the admin's column headers")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        import tablib

        path = Path(options["path"])
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError(f"只能导入 .csv 或 .xlsx 文件：{path.name}")
        try:
            if path.suffix.lower() == ".xlsx":
                dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
            else:
                dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"无法读取文件 {path.name}：{error}") from error
        resource = import_string(RESOURCES[options["kind"]])()
        result, errors = import_all_or_nothing(resource, dataset, dry_run=options["dry_run"])
        if errors:
            for line in errors[:50]:
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} 处错误，未导入任何一行。")
        totals = {key: value for key, value in result.totals.items() if value}
        done = "（试运行，未保存）" if options["dry_run"] else ""
        self.stdout.write(f"{path.name}: {len(dataset)} 行 {totals}{done}")
