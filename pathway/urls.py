from django.urls import path

from pathway.curriculum.views import applications, courses, enrollment, homework, leadership, sbp
from pathway.dashboards.views import cohort, history, home, program
from pathway.milestones import views as milestones
from pathway.notifications import views as notifications
from pathway.people import token_views
from pathway.people import views as people
from pathway.reminders import views as reminders

app_name = "pathway"

urlpatterns = [
    path("people/residents/", people.resident_list, name="resident_list"),
    path("people/staff/", people.staff_list, name="staff_list"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/import/", people.roster_upload, name="roster_import"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/history/", history.person_history, name="person_history"),
    path("people/<int:pk>/active/", people.person_set_active, name="person_set_active"),
    path("account/api-tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        token_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
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
    path("calendar/", reminders.calendar_page, name="calendar"),
    path("calendar/reset/", reminders.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", reminders.calendar_feed, name="calendar_feed"),
    path(
        "reminders/<int:program_pk>/settings/",
        reminders.reminder_settings,
        name="reminder_settings",
    ),
]

# The curriculum: courses, homework, application, SBP rotation, leadership meetings.
urlpatterns += [
    path("curriculum/courses/", courses.course_list, name="course_list"),
    path("curriculum/courses/add/", courses.course_add, name="course_add"),
    path("curriculum/courses/standard/", courses.curriculum_defaults, name="curriculum_defaults"),
    path("curriculum/courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("curriculum/courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("curriculum/courses/<int:pk>/classes/add/", courses.class_add, name="class_add"),
    path("curriculum/classes/<int:pk>/edit/", courses.class_edit, name="class_edit"),
    path("curriculum/classes/<int:pk>/delete/", courses.class_delete, name="class_delete"),
    path("curriculum/courses/<int:pk>/offerings/add/", courses.offering_add, name="offering_add"),
    path("curriculum/offerings/<int:pk>/", enrollment.offering_detail, name="offering_detail"),
    path("curriculum/offerings/<int:pk>/edit/", courses.offering_edit, name="offering_edit"),
    path("curriculum/offerings/<int:pk>/sessions/add/", courses.session_add, name="session_add"),
    path("curriculum/sessions/<int:pk>/edit/", courses.session_edit, name="session_edit"),
    path("curriculum/sessions/<int:pk>/delete/", courses.session_remove, name="session_delete"),
    path(
        "curriculum/sessions/<int:pk>/attendance/",
        enrollment.attendance_take,
        name="attendance_take",
    ),
    path(
        "curriculum/attendance/<int:pk>/make-up/",
        enrollment.attendance_make_up_view,
        name="attendance_make_up",
    ),
    path(
        "curriculum/offerings/<int:pk>/enroll/", enrollment.offering_enroll, name="offering_enroll"
    ),
    path(
        "curriculum/offerings/<int:pk>/enroll-residents/",
        enrollment.offering_bulk_enroll,
        name="offering_bulk_enroll",
    ),
    path(
        "curriculum/enrollments/<int:pk>/withdraw/",
        enrollment.enrollment_withdraw_view,
        name="enrollment_withdraw",
    ),
    path("curriculum/my-courses/", enrollment.my_courses, name="my_courses"),
    path("curriculum/certificates/<int:pk>/", enrollment.certificate, name="certificate"),
    path("curriculum/homework/<int:pk>/", homework.homework_submit_view, name="homework_submit"),
    path("curriculum/homework/review/", homework.homework_queue, name="homework_queue"),
    path("curriculum/submissions/<int:pk>/", homework.submission_detail, name="submission_detail"),
    path(
        "curriculum/submissions/<int:pk>/review/",
        homework.submission_review,
        name="submission_review",
    ),
    path("curriculum/submissions/<int:pk>/file/", homework.submission_file, name="submission_file"),
    path("curriculum/apply/", applications.application_form, name="application_form"),
    path("curriculum/applications/", applications.application_list, name="application_list"),
    path(
        "curriculum/applications/allow-late/",
        applications.application_allow_late_view,
        name="application_allow_late",
    ),
    path(
        "curriculum/applications/<int:pk>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        "curriculum/applications/<int:pk>/decide/",
        applications.application_decide_view,
        name="application_decide",
    ),
    path(
        "curriculum/applications/<int:pk>/cv/", applications.application_cv, name="application_cv"
    ),
    path("curriculum/sbp/", sbp.sbp_mine, name="sbp_mine"),
    path("curriculum/sbp/rotations/", sbp.sbp_rotation_list, name="sbp_rotation_list"),
    path("curriculum/sbp/rotations/add/", sbp.sbp_rotation_add, name="sbp_rotation_add"),
    path("curriculum/sbp/rotations/<int:pk>/", sbp.sbp_rotation_detail, name="sbp_rotation_detail"),
    path(
        "curriculum/sbp/rotations/<int:pk>/edit/", sbp.sbp_rotation_edit, name="sbp_rotation_edit"
    ),
    path("curriculum/sbp/rotations/<int:pk>/log/", sbp.sbp_activity_add, name="sbp_activity_add"),
    path("curriculum/sbp/rotations/<int:pk>/sign-off/", sbp.sbp_sign_off, name="sbp_sign_off"),
    path("curriculum/sbp/rotations/<int:pk>/reopen/", sbp.sbp_reopen, name="sbp_reopen"),
    path(
        "curriculum/sbp/activities/<int:pk>/edit/", sbp.sbp_activity_edit, name="sbp_activity_edit"
    ),
    path(
        "curriculum/sbp/activities/<int:pk>/delete/",
        sbp.sbp_activity_delete,
        name="sbp_activity_delete",
    ),
    path("curriculum/sbp/activities/", sbp.sbp_requirement_list, name="sbp_requirements"),
    path("curriculum/leadership/", leadership.leadership_log, name="leadership_log"),
    path(
        "curriculum/leadership/<int:pk>/edit/", leadership.leadership_edit, name="leadership_edit"
    ),
    path(
        "curriculum/leadership/<int:pk>/delete/",
        leadership.leadership_delete,
        name="leadership_delete",
    ),
    path(
        "curriculum/residents/<int:pk>/",
        leadership.resident_curriculum,
        name="resident_curriculum",
    ),
]

# The program overview for directors, its scholarly-output exports and the annual report.
urlpatterns += [
    path("program/overview/", program.program_overview, name="program_overview"),
    path("program/scholarly.csv", program.scholarly_csv, name="scholarly_csv"),
    path("program/scholarly.xlsx", program.scholarly_xlsx, name="scholarly_xlsx"),
    path("program/report/", program.program_report, name="program_report"),
]

# The program director's cohort board and its downloads.
urlpatterns += [
    path("program/board/", cohort.cohort_board_view, name="cohort_board"),
    path("program/board.csv", cohort.cohort_board_csv, name="cohort_board_csv"),
    path("program/board.xlsx", cohort.cohort_board_xlsx, name="cohort_board_xlsx"),
]

home_view = home.home
