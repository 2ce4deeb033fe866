"""The text index: an item's units stored when it comes in, the unit frequencies behind the IDF
weights, and the backfill of rows that predate the index (``manage.py text_index``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db import connection, transaction

from .. import duplicates, text
from ..models import Suggestion, SuggestionTerms, TermFrequency

# Likely duplicates kept on the index row for the triage list (the case page looks again, live).
TRIAGE_DUPLICATES = 3


def _row(
    suggestion: Suggestion,
    counts: Mapping[str, int] | None = None,
    frequencies: tuple[dict[str, int], int] | None = None,
) -> SuggestionTerms:
    if counts is None:
        counts = text.units(f"{suggestion.title}\n{suggestion.text}")
    found, documents = frequencies or duplicates.unit_frequencies(list(counts))
    return SuggestionTerms(
        suggestion_id=suggestion.pk,
        area_id=suggestion.area_id,
        submitted_at=suggestion.submitted_at,
        terms=list(counts),
        counts=[min(value, 32767) for value in counts.values()],
        norm=text.norm(text.weights(counts, found, documents)),
        version=text.VERSION,
    )


def suggestion_text_index(*, suggestion: Suggestion, find_duplicates: bool = True) -> SuggestionTerms:
    """Store an item's units (written in the submission's own transaction, so an item is findable
    from the moment it exists) and the likely duplicates found for it then, for the triage list.
    Called again when the text changes (anonymisation); idempotent. Three statements: the unit
    frequencies, the duplicate lookup, one insert-or-update."""
    counts = text.units(f"{suggestion.title}\n{suggestion.text}")
    frequencies = duplicates.unit_frequencies(list(counts))
    row = _row(suggestion, counts, frequencies)
    if find_duplicates:
        found = duplicates.matches(
            counts=counts,
            area_id=row.area_id,
            at=row.submitted_at,
            exclude_id=suggestion.pk,
            limit=TRIAGE_DUPLICATES,
            frequencies=frequencies,
        )
        row.duplicates = [[m.suggestion_id, m.code, round(m.score, 3)] for m in found]
    SuggestionTerms.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["suggestion"],
        update_fields=["area_id", "submitted_at", "terms", "counts", "norm", "version", "duplicates"],
    )
    return row


def term_frequencies_refresh() -> int:
    """Recount how many indexed items hold each unit (one statement; readers keep the old counts
    until it commits) and recompute every stored vector length under the new counts. Returns the
    number of indexed items. Run by a periodic task and after a backfill."""
    terms = SuggestionTerms._meta.db_table
    freq = TermFrequency._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        cursor.execute(f"DELETE FROM {freq}")  # noqa: S608
        cursor.execute(
            # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
            f"INSERT INTO {freq} (term, documents) "  # noqa: S608
            f"SELECT u.x, count(*) FROM {terms} t CROSS JOIN LATERAL unnest(t.terms) AS u(x) GROUP BY u.x"
        )
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        cursor.execute(f"INSERT INTO {freq} (term, documents) SELECT '', count(*) FROM {terms}")  # noqa: S608
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        # Fresh statistics before the join below: on a new or bulk-filled table the planner otherwise
        # guesses the row counts and picks a plan that runs for many minutes.
        cursor.execute(f"ANALYZE {freq}, {terms}")
        cursor.execute(f"SELECT documents FROM {freq} WHERE term = ''")  # noqa: S608
        documents = int(cursor.fetchone()[0])
        # The same weight as suggestions.text.weights, in SQL: (1 + ln tf) × (ln((N+1)/(df+1)) + 1).
        cursor.execute(
            # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
            f"""
            UPDATE {terms} t SET norm = v.norm FROM (
                SELECT t2.suggestion_id,
                       sqrt(sum(power(
                           (1 + ln(u.c)) * (ln((%(n)s + 1.0) / (f.documents + 1)) + 1), 2
                       ))) AS norm
                FROM {terms} t2
                CROSS JOIN LATERAL unnest(t2.terms, t2.counts) AS u(x, c)
                JOIN {freq} f ON f.term = u.x
                GROUP BY t2.suggestion_id
            ) v
            WHERE v.suggestion_id = t.suggestion_id
            """,  # noqa: S608
            {"n": documents},
        )
    return documents


def suggestions_text_backfill(*, batch_size: int = 1000, say: Callable[[str], None] | None = None) -> int:
    """Index every item that has no index row or one of an older version, then refresh the
    frequencies and lengths. Returns the number of rows written. Safe to run again."""
    written = 0
    while True:
        batch = list(
            Suggestion.objects.exclude(terms__version=text.VERSION)
            .order_by("pk")
            .only("pk", "title", "text", "area_id", "submitted_at")[:batch_size]
        )
        if not batch:
            break
        rows = [_row(item) for item in batch]
        with transaction.atomic():
            SuggestionTerms.objects.filter(pk__in=[row.pk for row in rows]).delete()
            SuggestionTerms.objects.bulk_create(rows)
        written += len(rows)
        if say:
            say(f"{written} …")
    term_frequencies_refresh()
    return written
