"""What the ballot cycle's services share."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

_rng = random.SystemRandom()


def _today() -> datetime.date:
    return timezone.localdate()
