from django.contrib import admin

from mentoring.models import (
    CoachAssignment,
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
)


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["resident", "coach", "started_on", "ended_on"]
    list_filter = ["ended_on"]
    raw_id_fields = ["resident", "coach", "assigned_by"]


@admin.register(CoachingSettings)
class CoachingSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "report_cadence_days", "stalled_after_days", "updated_at"]
    raw_id_fields = ["updated_by"]


class CoachingActionInline(admin.TabularInline):
    model = CoachingAction
    extra = 0


class PrivateCoachingNoteInline(admin.StackedInline):
    # Site administrators see everything; the app's pages follow PrivateCoachingNote's rule.
    model = PrivateCoachingNote
    fk_name = "session"
    extra = 0
    max_num = 1


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    list_display = ["resident", "coach", "held_on", "duration_minutes", "mode"]
    list_filter = ["mode"]
    date_hierarchy = "held_on"
    raw_id_fields = ["resident", "coach"]
    inlines = [CoachingActionInline, PrivateCoachingNoteInline]


class MentoringMeetingInline(admin.TabularInline):
    model = MentoringMeeting
    extra = 0
    raw_id_fields = ["logged_by"]


@admin.register(PeerMentorship)
class PeerMentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "started_on", "ended_on"]
    list_filter = ["ended_on"]
    raw_id_fields = ["mentor", "mentee", "paired_by"]
    inlines = [MentoringMeetingInline]


@admin.register(MentorIntroduction)
class MentorIntroductionAdmin(admin.ModelAdmin):
    list_display = ["resident", "faculty_name", "area", "introduced_on", "status"]
    list_filter = ["status", "area"]
    search_fields = ["faculty_name", "resident__user__full_name"]
    raw_id_fields = ["resident", "introduced_by"]
