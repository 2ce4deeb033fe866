"""Demo opinions and suggestions: the walkthrough items in every state (``demo_story``, each step on
its day of the working-day calendar), a burst for the hotspots, and for the reports a seeded volume of
past years inserted in bulk. Idempotent: an item whose title exists already is skipped, the volume is
inserted once. Every demo item's PIN is ``DEMO_PIN`` so the tracking page can be tried."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from congress.models import Area, Body, Category

from . import services
from .demo_clock import dated

# The walkthrough, re-exported: tests and the documentation name these as ``suggestions.demo``'s.
from .demo_story import DEMO_PIN as DEMO_PIN
from .demo_story import DEMO_UNIT as DEMO_UNIT
from .demo_story import ITEMS as ITEMS
from .demo_story import KEY_TITLE as KEY_TITLE
from .demo_story import NETWORK_ITEMS as NETWORK_ITEMS
from .demo_story import TWO_LEVEL_ITEMS as TWO_LEVEL_ITEMS
from .demo_story import _network as _network
from .demo_story import _two_level_items as _two_level_items
from .demo_story import load_story

# The volume, re-exported: the report tests and the annual-report benchmark call it from here.
from .demo_volume import VOLUME_PER_YEAR as VOLUME_PER_YEAR
from .demo_volume import VOLUME_REF as VOLUME_REF
from .demo_volume import _volume
from .demo_volume import _volume_context as _volume_context
from .demo_volume import bulk_year as bulk_year
from .models import Suggestion


def load(*, stdout: TextIO) -> None:
    if load_story(stdout=stdout):
        _volume(stdout)
        _reading(stdout)


def _reading(stdout: TextIO) -> None:
    """The text index of items inserted in bulk (the volume), and the routing models of the city's
    committee, so the triage queue shows duplicates and suggestions from the first start. Both are
    idempotent: an indexed item is skipped, and a model is trained only when the body has none."""
    from .routing.models import RoutingModel, RoutingTarget
    from .routing.services import routing_model_train

    _burst(stdout)
    indexed = services.suggestions_text_backfill(batch_size=2000)
    if indexed:
        stdout.write(f"suggestions: text index of {indexed} items\n")
    root = Body.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        return
    for target in RoutingTarget.values:
        if not RoutingModel.objects.filter(body=root, target=target).exists():
            # The newest 3,000 items and three folds keep the first start short; the nightly task
            # retrains on the whole history.
            row = routing_model_train(body=root, target=target, folds=3, max_items=3000)
            if row is not None:
                stdout.write(
                    f"suggestions: routing model ({target}) of {root}: {row.items} items, "
                    f"macro-F1 {row.metrics['macro_f1']:.2f}, top-3 {row.metrics['top3']:.2f}\n"
                )
    from .services.hotspots import hotspots_detect

    for hotspot in hotspots_detect():
        stdout.write(f"suggestions: hotspot {hotspot.label} ({hotspot.size} items)\n")


# A burst (热点民情): parents at three streets write about one school's overloaded buses within three
# days; the statistics dashboard shows it as a hotspot and staff get one notice.
BURST = [
    "实验小学门口校车超载，孩子挤在过道里很危险。",
    "实验小学的校车严重超载，希望有关部门管一管。",
    "实验小学校车超载问题请尽快处理，家长都很担心。",
    "实验小学接送孩子的校车超载，过道站满了学生。",
    "校车超载！实验小学每天早上都这样，出了事谁负责？",
    "实验小学校车超员超载，存在很大的安全隐患。",
    "反映实验小学校车超载，周一到周五天天如此。",
]


def _burst(stdout: TextIO) -> None:
    if Suggestion.objects.filter(text=BURST[0]).exists():
        return
    streets = list(Area.objects.filter(level=Area.Level.STREET).order_by("code")[:3])
    category = Category.objects.filter(code="education").first()
    now = timezone.now()
    for n, text in enumerate(BURST):
        submitted = now - datetime.timedelta(hours=60 - 8 * n)
        with dated(submitted) as step:
            step.append(
                services.suggestion_submit(
                    submission=services.SubmissionInput(
                        channel="web",
                        title=text[:14].rstrip("，！"),
                        text=text,
                        category=category,
                        area=streets[n % len(streets)] if streets else None,
                        submitter_name="家长",
                        submitter_mobile=f"1390931{n:04d}",
                        consent_privacy=True,
                        submitted_at=submitted,
                    )
                ).suggestion
            )
    stdout.write(f"suggestions: a burst of {len(BURST)} items about one school's buses\n")
