from django.urls import path

from pathway.views import home, milestones, notifications, people

app_name = "pathway"

urlpatterns = [
    path("people/residents/", people.resident_list, name="resident_list"),
    path("people/staff/", people.staff_list, name="staff_list"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/import/", people.roster_upload, name="roster_import"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/active/", people.person_set_active, name="person_set_active"),
    # Milestones
    path("milestones/", milestones.my_milestones, name="my_milestones"),
    path("milestones/program/", milestones.milestone_list, name="milestone_list"),
    path("milestones/<int:pk>/", milestones.milestone_detail, name="milestone_detail"),
    path("milestones/<int:pk>/waive/", milestones.milestone_waive_view, name="milestone_waive"),
    path(
        "milestones/<int:pk>/due-date/",
        milestones.milestone_reschedule_view,
        name="milestone_reschedule",
    ),
    path(
        "milestones/<int:pk>/done/", milestones.milestone_complete_view, name="milestone_complete"
    ),
    path("milestones/<int:pk>/reopen/", milestones.milestone_reopen_view, name="milestone_reopen"),
    path(
        "milestones/templates/",
        milestones.milestone_template_list,
        name="milestone_template_list",
    ),
    path(
        "milestones/templates/add/",
        milestones.milestone_template_add,
        name="milestone_template_add",
    ),
    path(
        "milestones/templates/<int:pk>/",
        milestones.milestone_template_edit,
        name="milestone_template_edit",
    ),
    path("people/<int:pk>/milestones/", milestones.resident_milestones, name="resident_milestones"),
    # Notifications, reminders and the calendar feed
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read_view,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all_view,
        name="notification_read_all",
    ),
    path(
        "notifications/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
    path("calendar/", notifications.calendar_page, name="calendar"),
    path("calendar/reset/", notifications.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", notifications.calendar_feed, name="calendar_feed"),
    path(
        "reminders/<int:program_pk>/settings/",
        notifications.reminder_settings,
        name="reminder_settings",
    ),
]

home_view = home.home
