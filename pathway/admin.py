from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from pathway.core.outbox import outbox_retry_now
from pathway.milestones.services import program_reminders_setup
from pathway.models import (
    Application,
    Attendance,
    CalendarFeed,
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
    IdentityProvider,
    InterestArea,
    LateApplicationAllowance,
    LeadershipMeeting,
    Milestone,
    MilestoneTemplate,
    Notification,
    NotificationPreference,
    Offering,
    Outbox,
    Program,
    ProgramReminderSettings,
    ReminderLog,
    ResidentProfile,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
    SponsorProfile,
    User,
)
from pathway.notifications.services import reminder_schedule_sync
from pathway.reminders.sweep import reminders_retry_now


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """A hospital's SAML or OpenID Connect provider for one program (README "Single sign-on")."""

    list_display = ["name", "program", "protocol", "slug", "active"]
    list_filter = ["protocol", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "institution"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # A new program starts with the standard milestones and a reminder schedule.
            program_reminders_setup(program=obj)


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


@admin.register(ProgramReminderSettings)
class ProgramReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "reminder_time", "digest_weekday", "enabled"]

    def save_model(self, request, obj, form, change):

        super().save_model(request, obj, form, change)
        # The periodic task (django-celery-beat) follows the settings.
        reminder_schedule_sync(program=obj.program)


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "position", "due_rule", "completion_event", "is_active"]
    list_filter = ["program", "is_active", "due_rule"]
    search_fields = ["name"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["template", "resident", "due_on", "completed_on", "waived_on"]
    list_filter = ["template__program", "template"]
    search_fields = ["resident__user__full_name", "template__name"]
    raw_id_fields = ["resident", "template", "due_override_by", "completed_by", "waived_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Reminders sent; filter by status "Failed, no more retries" for the failed deliveries."""

    list_display = ["claimed_at", "kind", "recipient", "text", "status", "attempts", "last_error"]
    list_filter = ["status", "kind", "program"]
    search_fields = ["key", "recipient__email", "text"]
    raw_id_fields = ["recipient", "milestone", "digest"]
    readonly_fields = ["key", "claim", "claimed_at", "lease_until", "created_at"]
    actions = ["retry_now"]

    @admin.action(description="Retry now (failed sends)")
    def retry_now(self, request, queryset):
        count = reminders_retry_now(logs=queryset)
        self.message_user(request, f"{count} failed send(s) will be retried now.")


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    """Transactional emails and background tasks; "Failed, no more retries" are the failed
    deliveries, counted on /healthz/ready."""

    list_display = ["created_at", "kind", "description", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["description", "task"]
    readonly_fields = [f.name for f in Outbox._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry now (failed deliveries)")
    def retry_now(self, request, queryset):
        count = outbox_retry_now(entries=queryset)
        self.message_user(request, f"{count} failed delivery(ies) will be retried now.")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "text", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "text"]
    raw_id_fields = ["user", "reminder"]


admin.site.register(NotificationPreference, list_display=["user", "routine_delivery"])
admin.site.register(CalendarFeed, list_display=["user", "created_at", "reset_at"])
