"""Admin for site administrators: read the record and repair it. Stage moves belong to the
app's services (they keep the history), so the stage is read-only here."""

from django.contrib import admin

from capstone import models as m


class TeamMemberInline(admin.TabularInline):
    model = m.TeamMember
    extra = 0
    raw_id_fields = ["user"]


class StageChangeInline(admin.TabularInline):
    model = m.StageChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "kind", "from_stage", "to_stage", "changed_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "lead", "stage", "sponsor", "progress_score", "updated_at"]
    list_filter = ["program", "stage"]
    search_fields = ["title", "lead__user__full_name", "department"]
    raw_id_fields = ["lead", "co_leads", "created_by"]
    # The sponsor is set by an accepted sponsor request (mentoring), never typed in.
    readonly_fields = [
        "sponsor",
        "sponsor_accepted_on",
        "stage",
        "held_from_stage",
        "stage_reason",
        "stage_changed_at",
        "progress_confirmed_at",
        "progress_confirmed_by",
        "progress_suggested_at_confirmation",
        "created_at",
        "updated_at",
    ]
    inlines = [TeamMemberInline, StageChangeInline]


class DataPointInline(admin.TabularInline):
    model = m.DataPoint
    extra = 0
    raw_id_fields = ["entered_by"]


class MeasureAnnotationInline(admin.TabularInline):
    model = m.MeasureAnnotation
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(m.Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "data_type", "unit", "direction", "chart_mode"]
    list_filter = ["kind", "data_type", "chart_mode"]
    search_fields = ["name", "project__title"]
    raw_id_fields = ["project"]
    inlines = [DataPointInline, MeasureAnnotationInline]


@admin.register(m.ChartSettings)
class ChartSettingsAdmin(admin.ModelAdmin):
    """Which signal rules a program's charts use (Anhøj when a program has no row)."""

    list_display = ["program", "rules"]


@admin.register(m.DataPointChange)
class DataPointChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "measure", "action", "changed_by"]
    list_filter = ["action"]
    raw_id_fields = ["measure", "data_point", "changed_by"]


@admin.register(m.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "section", "file_type", "size", "uploaded_at"]
    list_filter = ["section", "file_type"]
    search_fields = ["title", "original_name", "project__title"]
    raw_id_fields = ["project", "uploaded_by"]
    readonly_fields = ["file_type", "size"]


for model in (
    m.ProcessStep,
    m.WasteObservation,
    m.TimeObservation,
    m.WhyStep,
    m.Cause,
    m.Idea,
    m.TestOfChange,
    m.ReportOut,
    m.ActionItem,
    m.StandardWorkDoc,
    m.FollowUp,
    m.Presentation,
    m.AbstractSubmission,
    m.Publication,
    m.AbstractDraft,
    m.Comment,
):
    admin.site.register(model, search_fields=["project__title"], raw_id_fields=["project"])
