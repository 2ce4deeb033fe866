"""The sealed ballot box (votes/seal.py): while a ballot is open its electronic papers live only in
one encrypted, shuffled row per ballot. Every ballot open when this runs gets its box, and the paper
rows it already has (which carry the transaction ids of the votes that wrote them) are sealed into
it and deleted. Reversed, the boxes are opened back into paper rows in random order."""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models

from votes import seal


def _candidates(apps, ballot):
    BallotEntry = apps.get_model("votes", "BallotEntry")
    return sorted(BallotEntry.objects.filter(ballot=ballot).values_list("candidate_id", flat=True))


def seal_open_ballots(apps, schema_editor):
    Ballot = apps.get_model("votes", "Ballot")
    BallotBox = apps.get_model("votes", "BallotBox")
    BallotPaper = apps.get_model("votes", "BallotPaper")
    PaperMark = apps.get_model("votes", "PaperMark")
    for ballot in Ballot.objects.filter(status="open").select_for_update():
        papers: dict = {pk: {} for pk in BallotPaper.objects.filter(ballot=ballot).values_list("id", flat=True)}
        for paper_id, candidate_id, choice in PaperMark.objects.filter(paper__ballot=ballot).values_list(
            "paper_id", "candidate_id", "choice"
        ):
            papers[paper_id][candidate_id] = choice
        sealed = seal.seal(list(papers.values()), ballot_id=ballot.pk, candidates=_candidates(apps, ballot))
        BallotBox.objects.update_or_create(ballot=ballot, defaults={"sealed": sealed})
        PaperMark.objects.filter(paper__ballot=ballot).delete()
        BallotPaper.objects.filter(ballot=ballot).delete()


def open_boxes(apps, schema_editor):
    BallotBox = apps.get_model("votes", "BallotBox")
    BallotPaper = apps.get_model("votes", "BallotPaper")
    PaperMark = apps.get_model("votes", "PaperMark")
    rng = random.SystemRandom()
    for box in BallotBox.objects.select_related("ballot"):
        papers = seal.unseal(bytes(box.sealed), ballot_id=box.ballot_id)
        rng.shuffle(papers)
        rows = [BallotPaper(id=uuid.uuid4(), ballot_id=box.ballot_id, is_valid=True) for _ in papers]
        BallotPaper.objects.bulk_create(rows)
        marks = [
            PaperMark(id=uuid.uuid4(), paper=row, candidate_id=cid, choice=choice)
            for row, paper in zip(rows, papers)
            for cid, choice in paper.items()
        ]
        rng.shuffle(marks)
        PaperMark.objects.bulk_create(marks)


class Migration(migrations.Migration):

    dependencies = [
        ("votes", "0002_ballot_quorum"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotBox",
            fields=[
                (
                    "ballot",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="box",
                        serialize=False,
                        to="votes.ballot",
                        verbose_name="ballot",
                    ),
                ),
                ("sealed", models.BinaryField(blank=True, default=b"", verbose_name="sealed papers")),
            ],
            options={
                "verbose_name": "ballot box",
                "verbose_name_plural": "ballot boxes",
            },
        ),
        migrations.RunPython(seal_open_ballots, open_boxes),
    ]
