"""Read-only public API: this year's projects with progress, and published ballot results."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from . import selectors, services
from .models import Ballot, BallotEntry, Project


class ProjectSerializer(serializers.ModelSerializer):
    lead_unit = serializers.CharField(source="lead_unit.name")
    year = serializers.IntegerField(source="cycle.year")
    target_percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "slug",
            "title",
            "year",
            "lead_unit",
            "status",
            "progress_percent",
            "target_quantity",
            "target_unit",
            "actual_quantity",
            "target_percent",
            "budget",
            "spent",
        ]


class ProjectListView(generics.ListAPIView):
    serializer_class = ProjectSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self) -> Any:
        cycle = selectors.public_cycle()
        return selectors.public_projects(cycle) if cycle else Project.objects.none()


class EntrySerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="candidate.title")
    satisfaction_rate = serializers.SerializerMethodField()

    class Meta:
        model = BallotEntry
        fields = [
            "position",
            "title",
            "votes",
            "elected",
            "tied",
            "satisfied",
            "basically",
            "unsatisfied",
            "satisfaction_rate",
        ]

    def get_satisfaction_rate(self, entry: BallotEntry) -> str | None:
        rate = services.satisfaction_rate(entry)
        return None if rate is None else str(rate)


class BallotSerializer(serializers.ModelSerializer):
    entries = EntrySerializer(many=True, source="entries_list")

    class Meta:
        model = Ballot
        fields = [
            "slug",
            "title",
            "kind",
            "seats",
            "held_on",
            "majority_basis",
            "entitled_count",
            "present_count",
            "cast_count",
            "valid_count",
            "invalid_count",
            "threshold",
            "has_tie",
            "entries",
        ]


class BallotResultView(generics.GenericAPIView):
    serializer_class = BallotSerializer
    permission_classes = [AllowAny]

    def get(self, request: Request, slug: str) -> Response:
        ballot = selectors.published_ballot(slug)
        if ballot is None:
            raise Http404
        ballot.entries_list = list(selectors.ballot_entries(ballot))  # type: ignore[attr-defined]
        return Response(self.get_serializer(ballot).data)
