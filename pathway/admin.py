from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from pathway.models import (
    Application,
    Attendance,
    ClassSession,
    CoachProfile,
    CoordinatorProfile,
    Course,
    CourseClass,
    CourseCompletion,
    DirectorProfile,
    Enrollment,
    HomeworkAssignment,
    HomeworkReview,
    HomeworkSubmission,
    InterestArea,
    LateApplicationAllowance,
    LeadershipMeeting,
    Offering,
    Program,
    ResidentProfile,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
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


# Curriculum. The app's own pages are where people work; the admin is for repairs.
@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "kind"]
    list_filter = ["program", "kind"]
    search_fields = ["name"]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "course", "capacity"]
    list_filter = ["course__program"]
    raw_id_fields = ["instructor"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["resident", "offering", "status"]
    list_filter = ["status"]
    raw_id_fields = ["resident", "offering"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["resident", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["resident", "decided_by"]


for model in (
    CourseClass,
    HomeworkAssignment,
    ClassSession,
    Attendance,
    HomeworkSubmission,
    HomeworkReview,
    CourseCompletion,
    LateApplicationAllowance,
    LeadershipMeeting,
    SBPRequirement,
    SBPRotation,
    SBPActivity,
):
    admin.site.register(model)
