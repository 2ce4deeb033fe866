"""Likely duplicates (同类合并, 002:637): items that share the meaning-bearing units of a new item's
text, in the same area, within the duplicate window.

How a lookup runs (no server extension, any PostgreSQL):

1. the new item's units and their counts (``suggestions.text.units``), already stored at submission;
2. the document frequency of those units (one primary-key lookup in ``TermFrequency``), which gives
   every unit its IDF weight;
3. one query: the GIN index on ``SuggestionTerms.terms`` finds the rows holding any of the item's
   probe units (its most telling ones), filtered by area and window; for each, the dot product of the
   two weighted vectors is summed in SQL over the units they share, divided by the stored vector
   lengths (cosine), and the best few come back with their shared units.

Staff decide what to merge: a score is a reason to look, not a verdict (docs/suggestions.md §5).
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from . import text
from .conf import conf
from .models import Status, Suggestion, SuggestionTerms, TermFrequency

# Units used to probe the index: the most telling ones by weight. A long opinion has a hundred
# units; two dozen of its rarest words and pairs find what the others would.
PROBES = 24
# Above this share of all items a unit is too common to be worth a probe (its posting list is long
# and it says little); the rest of the units still count in the score.
PROBE_MAX_SHARE = 0.05


@dataclass(frozen=True)
class Match:
    """One candidate found by the index: its id, tracking code, cosine score and shared units."""

    suggestion_id: int
    code: str
    score: float
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Duplicate:
    """A likely duplicate as staff see it: the item, its score, the shared phrases and the text cut
    into marked and unmarked pieces."""

    suggestion: Suggestion
    score: float
    shared: list[str]
    pieces: list[tuple[str, bool]] = field(default_factory=list)


def unit_frequencies(terms: Sequence[str]) -> tuple[dict[str, int], int]:
    """Document frequencies of ``terms`` and the number of indexed items (at least 1)."""
    rows = dict(TermFrequency.objects.filter(term__in=[*terms, ""]).values_list("term", "documents"))
    documents = max(int(rows.pop("", 0)), 1)
    return {term: int(count) for term, count in rows.items()}, documents


def matches(
    *,
    counts: Mapping[str, int],
    area_id: int | None,
    at: datetime.datetime,
    exclude_id: int | None = None,
    limit: int = 5,
    threshold: float | None = None,
    days: int | None = None,
    frequencies: tuple[dict[str, int], int] | None = None,
) -> list[Match]:
    """Items like a text with ``counts`` units, in ``area_id`` (any area when None), submitted within
    the window around ``at``; merged and rejected items are never proposed. Best first."""
    if not counts:
        return []
    threshold = float(conf("SUGGESTIONS_DUPLICATE_THRESHOLD")) if threshold is None else threshold
    window = datetime.timedelta(days=conf("SUGGESTIONS_DUPLICATE_DAYS") if days is None else days)
    found, documents = frequencies or unit_frequencies(list(counts))
    weights = text.weights(counts, found, documents)
    length = text.norm(weights)
    if length == 0:
        return []
    ranked = sorted(weights, key=lambda unit: (-weights[unit], unit))
    ceiling = PROBE_MAX_SHARE * documents if documents >= 1000 else math.inf
    probes = [unit for unit in ranked if found.get(unit, 0) <= ceiling][:PROBES] or ranked[:PROBES]
    # Each shared unit adds (1 + ln count_there) × idf × weight_here; dividing by both lengths gives
    # the cosine. The other side's length was stored when it was indexed.
    factors = [weights[unit] * text.idf(found.get(unit, 0), documents) for unit in ranked]
    terms_table = SuggestionTerms._meta.db_table
    items_table = Suggestion._meta.db_table
    where = ["t.terms && %(probes)s::varchar[]", "t.submitted_at BETWEEN %(since)s AND %(until)s"]
    params: dict[str, Any] = {
        "probes": probes,
        "since": at - window,
        "until": at + window,
        "units": ranked,
        "factors": factors,
        "length": length,
        "threshold": threshold,
        "limit": limit,
        "gone": [Status.MERGED.value, Status.REJECTED.value],
    }
    if area_id is not None:
        where.append("t.area_id = %(area)s")
        params["area"] = area_id
    if exclude_id is not None:
        where.append("t.suggestion_id <> %(exclude)s")
        params["exclude"] = exclude_id
    # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
    sql = f"""
        WITH hits AS (
            SELECT t.suggestion_id, t.terms, t.counts, t.norm
            FROM {terms_table} t
            WHERE {" AND ".join(where)} AND t.norm > 0
        ), scored AS (
            SELECT h.suggestion_id,
                   SUM((1 + ln(u.c)) * q.f) / (h.norm * %(length)s) AS score,
                   array_agg(u.x ORDER BY q.f DESC) AS shared
            FROM hits h
            CROSS JOIN LATERAL unnest(h.terms, h.counts) AS u(x, c)
            JOIN unnest(%(units)s::varchar[], %(factors)s::float8[]) AS q(x, f) ON q.x = u.x
            GROUP BY h.suggestion_id, h.norm
        )
        SELECT sc.suggestion_id, s.code, sc.score, sc.shared
        FROM scored sc JOIN {items_table} s ON s.id = sc.suggestion_id
        WHERE sc.score >= %(threshold)s AND NOT (s.status = ANY(%(gone)s))
        ORDER BY sc.score DESC, sc.suggestion_id DESC
        LIMIT %(limit)s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Match(suggestion_id=row[0], code=row[1], score=min(float(row[2]), 1.0), shared=tuple(row[3]))
        for row in rows
    ]


def item_counts(suggestion: Suggestion) -> Counter[str]:
    """The units of an item: stored ones when indexed, else computed from its title and text."""
    row = SuggestionTerms.objects.filter(pk=suggestion.pk).values_list("terms", "counts").first()
    if row is not None:
        return Counter(dict(zip(row[0], row[1], strict=False)))
    return text.units(f"{suggestion.title}\n{suggestion.text}")


def stored_duplicates_visible(
    items: Sequence[Suggestion], user: Any
) -> dict[int, list[tuple[int, str, float]]]:
    """The likely duplicates found when each item came in (``SuggestionTerms.duplicates``), keeping
    only the items ``user`` may see: the finder looks across every body, and a code from another
    body's queue must not appear in this body's triage list. One query for the whole page (the
    terms are read with the rows: ``list_select_related``)."""
    stored: dict[int, list[Any]] = {}
    for item in items:
        try:
            stored[item.pk] = list(item.terms.duplicates or [])
        except SuggestionTerms.DoesNotExist:
            stored[item.pk] = []
    wanted = {row[0] for rows in stored.values() for row in rows}
    if not wanted:
        return {pk: [] for pk in stored}
    visible = set(Suggestion.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
    return {
        pk: [(int(row[0]), str(row[1]), float(row[2])) for row in rows if row[0] in visible]
        for pk, rows in stored.items()
    }


def suggestion_duplicates(suggestion: Suggestion, *, user: Any = None, limit: int = 5) -> list[Duplicate]:
    """Likely duplicates of an item for staff (the case page): same area (any area when the item has
    none), within ``SUGGESTIONS_DUPLICATE_DAYS`` days, cosine at least
    ``SUGGESTIONS_DUPLICATE_THRESHOLD``; only items ``user`` may see when given."""
    found = matches(
        counts=item_counts(suggestion),
        area_id=suggestion.area_id,
        at=suggestion.submitted_at,
        exclude_id=suggestion.pk,
        limit=limit,
    )
    if not found:
        return []
    items = Suggestion.objects.all() if user is None else Suggestion.objects.visible_to(user)
    by_id = {item.pk: item for item in items.filter(pk__in=[m.suggestion_id for m in found])}
    result = []
    for match in found:
        item = by_id.get(match.suggestion_id)
        if item is None:
            continue
        body = f"{item.title}\n{item.text}"
        result.append(
            Duplicate(
                suggestion=item,
                score=match.score,
                shared=text.shared_phrases(body, match.shared),
                pieces=text.highlight_spans(item.text, match.shared),
            )
        )
    return result
