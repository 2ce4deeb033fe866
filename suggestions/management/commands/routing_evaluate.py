"""``manage.py routing_evaluate``: how well the routing model (智能分办) learns, on any labelled CSV or
on the portal's own history (docs/suggestions.md §5)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congress.models import Body
from suggestions.routing import learn
from suggestions.routing.models import RoutingTarget
from suggestions.routing.services import routing_history


class Command(BaseCommand):
    help = (
        "Cross-validate the routing model on a labelled CSV (--csv) or on a body's triaged items, and "
        "print accuracy, macro-F1, top-3 accuracy, training and prediction time and the share that "
        "could be dispatched automatically at 95 % precision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", help="a labelled CSV file (UTF-8 or GB18030), with a header row")
        parser.add_argument("--text-columns", default="title,text", help="columns joined as the text")
        parser.add_argument("--label-column", default="label", help="the column with the label")
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--body", help="body name or id for the portal's own history (default: root)")
        parser.add_argument(
            "--target", choices=RoutingTarget.values, default=RoutingTarget.UNIT, help="what to predict"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["csv"]:
            texts, labels = self._read_csv(
                Path(options["csv"]), options["text_columns"].split(","), options["label_column"]
            )
            source = options["csv"]
        else:
            body = self._body(options["body"])
            history = routing_history(body=body, target=options["target"])
            texts, labels = history.texts, history.labels
            source = f"{body} · {RoutingTarget(options['target']).label}"
        if len(texts) < 10 or len(set(labels)) < 2:
            raise CommandError(f"Too little to evaluate: {len(texts)} items, {len(set(labels))} labels.")
        self.stdout.write(
            f"{source}: {len(texts):,} items, {len(set(labels))} labels, {options['folds']} folds …"
        )
        result = learn.evaluate(texts, labels, folds=max(2, options["folds"]))
        threshold = f"{result.threshold:.3f}" if result.threshold is not None else "none reaches 95 %"
        self.stdout.write(
            "\n".join(
                [
                    f"accuracy        {result.accuracy:.3f}",
                    f"macro-F1        {result.macro_f1:.3f}",
                    f"top-3 accuracy  {result.top3:.3f}",
                    f"training        {result.train_seconds:.2f} s per fold "
                    f"({result.items * (result.folds - 1) // result.folds:,} items)",
                    f"prediction      {result.predict_ms:.1f} ms per item",
                    f"auto-dispatch   threshold {threshold}: {result.auto_share:.1%} of items at precision "
                    f"{result.auto_precision:.3f}",
                ]
            )
        )

    def _body(self, value: str | None) -> Body:
        bodies = Body.objects.all()
        if not value:
            body = bodies.filter(parent__isnull=True).order_by("pk").first()
        elif value.isdigit():
            body = bodies.filter(pk=int(value)).first()
        else:
            body = bodies.filter(name=value).first() or bodies.filter(short_name=value).first()
        if body is None:
            raise CommandError(f"No such body: {value}")
        return body

    def _read_csv(self, path: Path, columns: list[str], label: str) -> tuple[list[str], list[str]]:
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            content = raw.decode("gb18030")
        reader = csv.DictReader(content.splitlines())
        missing = [c for c in [*columns, label] if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"Missing columns: {', '.join(missing)} (the file has {reader.fieldnames})")
        texts, labels = [], []
        for row in reader:
            text = "\n".join((row.get(c) or "").strip() for c in columns).strip()
            if text and (row.get(label) or "").strip():
                texts.append(text)
                labels.append(row[label].strip())
        return texts, labels
