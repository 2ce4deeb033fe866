"""``manage.py seed_scale``: years of data at city or province scale, in minutes (suggestions.scale)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from suggestions import scale


def _bodies(value: str) -> tuple[int, int]:
    try:
        districts, lower = (int(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected two numbers, e.g. 12,150") from None
    if districts < 1 or lower < 0:
        raise argparse.ArgumentTypeError("at least one district, and no negative count")
    return districts, lower


class Command(BaseCommand):
    help = (
        "Add deputies, stations and years of opinions and suggestions in realistic proportions on top of "
        "the demo city, with bulk SQL (for benchmarks; docs/performance.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--deputies", type=int, default=6500, help="deputies in all (default 6,500)")
        parser.add_argument("--stations", type=int, default=1000, help="stations in all (default 1,000)")
        parser.add_argument(
            "--suggestions", type=int, default=1_000_000, help="items to add (default 1,000,000)"
        )
        parser.add_argument("--years", type=int, default=3, help="years the items spread over (default 3)")
        parser.add_argument("--seed", type=float, default=0.15, help="random seed, -1 … 1 (default 0.15)")
        parser.add_argument("--no-demo", action="store_true", help="do not run load_demo first")
        parser.add_argument(
            "--bodies",
            type=_bodies,
            default=None,
            metavar="DISTRICTS,LOWER",
            help="a tree of bodies below the city, e.g. 12,150: 12 districts and counties, 150 townships "
            "and streets, with rows spread across them (default: every row the city's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if not options["no_demo"]:
            self.stdout.write("loading the demo city first (idempotent) …")
            call_command("load_demo", stdout=self.stdout)
        plan = scale.Plan(
            deputies=options["deputies"],
            stations=options["stations"],
            suggestions=options["suggestions"],
            years=options["years"],
            seed=options["seed"],
            bodies=options["bodies"],
        )
        self.stdout.write(
            f"seeding {plan.suggestions:,} items over {plan.years} years, {plan.deputies:,} deputies, "
            f"{plan.stations:,} stations …"
        )
        scale.seed(plan, say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"done in {time.perf_counter() - started:.0f} s"))
