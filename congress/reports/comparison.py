"""The bodies below a body, side by side (DOMAIN.md §11: "the city's annual report carries a section
that compares its districts"): per child body its own work and its descendants' — received,
dispatches judged and answered on time, ratings and satisfaction, transfers up and down — beside the
body's own row and the total.

Counted from ``suggestions.reports.figures_by_body`` (each body on its own, each item once:
received where it came in, handled where it is answered, a transfer where it was made), then summed
up the tree here, so the total is by construction the sum of the rows. A rate whose sample is
smaller than the league minimum (``REPORTS_LEAGUE_MIN_RATED``) is not printed: 样本不足.
"""

from __future__ import annotations

from typing import Any

from congress.models import Body
from suggestions import reports as data

from .league import minimum_rated
from .reads import Period, Scope

FIGURES = ("received", "assigned", "judged", "on_time", "ratings", "rated_items", "satisfied", "up", "down")


def _row(
    label: str, counts: dict[str, int], *, body_id: int | None, minimum: int, kind: str
) -> dict[str, Any]:
    return {
        "body_id": body_id,
        "label": label,
        "kind": kind,
        **counts,
        "on_time_rate": {"numerator": counts["on_time"], "denominator": counts["judged"]},
        "satisfaction_rate": {"numerator": counts["satisfied"], "denominator": counts["ratings"]},
        # The league's minimum-sample rule: rates of a body with too few rated items / judged
        # dispatches are listed as 样本不足, not compared.
        "on_time_enough": counts["judged"] >= minimum,
        "satisfaction_enough": counts["rated_items"] >= minimum,
    }


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key in FIGURES:
        total[key] += counts.get(key, 0)


def compare(period: Period, using: str, scope: Scope) -> dict[str, Any]:
    """Rows: the body's own work, then each child body with its subtree, then the total. Five
    queries (four grouped counts and the bodies)."""
    if scope.body_id is None:
        return {"rows": [], "minimum": minimum_rated()}
    bodies = list(
        Body.objects.using(using)
        .filter(path__startswith=Body.objects.using(using).filter(pk=scope.body_id).values("path")[:1])
        .order_by("sort_order", "path")
        .values("pk", "path", "name", "short_name", "parent_id")
    )
    # The subtree's rows only (every body's when the scope is the root: no filter to apply).
    is_root = any(body["pk"] == scope.body_id and body["parent_id"] is None for body in bodies)
    subtree = None if is_root else [body["pk"] for body in bodies]
    by_body = data.figures_by_body(period.start, period.end, body_ids=subtree, using=using)
    minimum = minimum_rated()
    own = dict.fromkeys(FIGURES, 0)
    _add(own, by_body.get(scope.body_id, {}))
    total = dict(own)
    rows = [_row(scope.short_name or scope.name, own, body_id=scope.body_id, minimum=minimum, kind="own")]
    for child in (body for body in bodies if body["parent_id"] == scope.body_id):
        counts = dict.fromkeys(FIGURES, 0)
        for body in bodies:
            if body["path"].startswith(child["path"]):
                _add(counts, by_body.get(body["pk"], {}))
        _add(total, counts)
        rows.append(
            _row(
                child["short_name"] or child["name"],
                counts,
                body_id=child["pk"],
                minimum=minimum,
                kind="child",
            )
        )
    rows.append(_row("", total, body_id=None, minimum=minimum, kind="total"))
    return {"rows": rows, "minimum": minimum}
