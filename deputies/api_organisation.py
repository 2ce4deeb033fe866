"""Delegations (代表团) and deputy groups (代表小组) in the API, for committee staff: read, create,
edit, (de)activate and, for groups, add and remove members — every write through the audited
services of ``deputies.services.groups``, as the admin does; a refused change is a 400 naming the
field, in Chinese."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request
from rest_framework.response import Response

from congress.errors import DomainError, api_400
from congress.models import Term

from .models import Delegation, Deputy, DeputyGroup
from .permissions import OrganisationApiPermission
from .services import (
    delegation_create,
    delegation_set_active,
    delegation_update,
    deputy_group_create,
    deputy_group_member_add,
    deputy_group_member_remove,
    deputy_group_set_active,
    deputy_group_update,
)


class DelegationSerializer(serializers.ModelSerializer):
    members = serializers.IntegerField(read_only=True)

    class Meta:
        model = Delegation
        fields = ["id", "name", "term", "area", "is_active", "members"]
        read_only_fields = ["is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        term = self.fields.get("term")
        if request is not None and isinstance(term, serializers.RelatedField):
            term.queryset = Term.objects.writable_by(request.user)  # a term of the user's own bodies


class DeputyGroupSerializer(serializers.ModelSerializer):
    members = serializers.IntegerField(read_only=True)

    class Meta:
        model = DeputyGroup
        fields = ["id", "name", "kind", "area", "is_active", "members"]
        read_only_fields = ["is_active"]


class SwitchSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class MemberSerializer(serializers.Serializer):
    deputy = serializers.SlugRelatedField(slug_field="slug", queryset=Deputy.objects.all())


def _scoped(request: Any, manager: Any) -> Any:
    """Read: the rows of the user's bodies and those below; written: their own bodies' only."""
    if request.method in permissions.SAFE_METHODS:
        return manager.visible_to(request.user)
    return manager.writable_by(request.user)


class _OrganisationViewSet(viewsets.ModelViewSet):
    permission_classes = [OrganisationApiPermission]
    # DELETE only takes a member out of a group: delegations and groups are deactivated, never deleted.
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]
    create_service: Any = None
    update_service: Any = None
    switch_service: Any = None
    instance_argument = ""

    def _write(self, service: Any, **kwargs: Any) -> Any:
        try:
            return service(**kwargs, actor=self.request.user)
        except DomainError as error:
            raise api_400(error) from error

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = self._write(type(self).create_service, **dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = self._write(
            type(self).update_service,
            **{self.instance_argument: serializer.instance},
            changes=dict(serializer.validated_data),
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed(
            "DELETE", detail=_("Deactivate it instead: its deputies keep it in their records.")
        )

    def _switch(self, request: Request, *, active: bool) -> Response:
        form = SwitchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        target = self.get_object()
        self._write(
            type(self).switch_service,
            **{self.instance_argument: target},
            active=active,
            reason=form.validated_data.get("reason", ""),
        )
        # Read back with the member count the list shows.
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)

    @extend_schema(request=SwitchSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        return self._switch(request, active=False)

    @extend_schema(request=SwitchSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        return self._switch(request, active=True)


class DelegationViewSet(_OrganisationViewSet):
    """Delegations of a term (staff with the delegation permissions)."""

    serializer_class = DelegationSerializer
    permission_model = "delegation"
    create_service = staticmethod(delegation_create)
    update_service = staticmethod(delegation_update)
    switch_service = staticmethod(delegation_set_active)
    instance_argument = "delegation"

    def get_queryset(self) -> QuerySet[Delegation]:
        return (
            _scoped(self.request, Delegation.objects)
            .annotate(members=Count("deputies", distinct=True))
            .order_by("term", "name", "pk")
        )


class DeputyGroupViewSet(_OrganisationViewSet):
    """Deputy groups and their members (staff with the deputy-group permissions)."""

    serializer_class = DeputyGroupSerializer
    permission_model = "deputygroup"
    create_service = staticmethod(deputy_group_create)
    update_service = staticmethod(deputy_group_update)
    switch_service = staticmethod(deputy_group_set_active)
    instance_argument = "group"

    def get_queryset(self) -> QuerySet[DeputyGroup]:
        return (
            _scoped(self.request, DeputyGroup.objects)
            .annotate(members=Count("deputies", distinct=True))
            .order_by("name", "pk")
        )

    @extend_schema(
        request=MemberSerializer,
        responses=inline_serializer("MemberChange", {"changed": serializers.BooleanField()}),
    )
    @action(detail=True, methods=["post", "delete"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        """POST adds the deputy to the group, DELETE takes them out; ``changed`` is false when
        nothing had to change."""
        group = self.get_object()  # outside the user's own bodies: not found, before anything else
        form = MemberSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        service = deputy_group_member_add if request.method == "POST" else deputy_group_member_remove
        changed = self._write(service, group=group, deputy=form.validated_data["deputy"])
        return Response({"changed": bool(changed)}, status=status.HTTP_200_OK)
