from django.contrib import admin

from .models import Station, StationMembership


class StationMembershipInline(admin.TabularInline):
    model = StationMembership
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "status", "head"]
    list_filter = ["kind", "status", "area__parent"]
    list_select_related = ["area", "head"]
    search_fields = ["name", "brand_name", "address"]
    autocomplete_fields = ["parent", "area", "head", "deputy_heads", "liaisons"]
    readonly_fields = ["slug"]
    inlines = [StationMembershipInline]


@admin.register(StationMembership)
class StationMembershipAdmin(admin.ModelAdmin):
    list_display = ["deputy", "station", "joined_on"]
    list_select_related = ["deputy", "station"]
    search_fields = ["deputy__name", "station__name"]
    autocomplete_fields = ["deputy", "station"]
