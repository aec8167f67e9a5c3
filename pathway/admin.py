from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from pathway.models import (
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    InterestArea,
    Program,
    ResidentProfile,
    SponsorProfile,
    User,
)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "institution"]
    prepopulated_fields = {"slug": ["name"]}


class ResidentInline(admin.StackedInline):
    model = ResidentProfile
    extra = 0
    filter_horizontal = ["areas_of_interest"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "program", "is_active", "is_superuser"]
    list_filter = ["program", "is_active", "is_superuser"]
    search_fields = ["full_name", "email"]
    inlines = [ResidentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "preferred_name", "title", "program"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "deactivated_at"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "program", "password1", "password2"]}),
    ]


for model in (CoachProfile, SponsorProfile, DirectorProfile, CoordinatorProfile):
    admin.site.register(model, list_display=["user"], search_fields=["user__full_name"])
admin.site.register(InterestArea, search_fields=["name"])
