from django.contrib import admin

from .models import Delegation, Deputy, DeputyGroup


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "area"]
    list_select_related = ["term", "area"]
    search_fields = ["name"]
    autocomplete_fields = ["term", "area"]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind"]
    list_select_related = ["area"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "area", "work_unit", "title", "party", "status"]
    list_filter = ["level", "status", "gender", "occupation", "education", "is_official", "area"]
    list_select_related = ["area"]
    search_fields = ["name", "work_unit", "slug"]
    autocomplete_fields = ["term", "area", "delegation", "groups", "user"]
    readonly_fields = ["slug"]
