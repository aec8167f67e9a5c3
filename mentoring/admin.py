from django.contrib import admin

from mentoring.models import CoachAssignment


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["resident", "coach", "started_on", "ended_on"]
    list_filter = ["ended_on"]
    raw_id_fields = ["resident", "coach", "assigned_by"]
