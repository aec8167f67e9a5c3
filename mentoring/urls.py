from django.urls import path

from mentoring.views import coaching, introductions, peer, reports, sessions, sponsorship

app_name = "mentoring"

urlpatterns = [
    # Coach assignment and caseloads
    path("coaches/", coaching.coach_assignments, name="coach_assignments"),
    path("coaches/<int:pk>/caseload/", coaching.coach_caseload, name="coach_caseload"),
    path("caseload/", coaching.caseload, name="caseload"),
    path("residents/<int:pk>/coach/", coaching.coach_assign_view, name="coach_assign"),
    path(
        "residents/<int:pk>/coach/end/",
        coaching.coach_assignment_end_view,
        name="coach_assignment_end",
    ),
    path("settings/", coaching.coaching_settings, name="coaching_settings"),
    # Coaching sessions
    path("residents/<int:pk>/coaching/", sessions.resident_coaching, name="resident_coaching"),
    path("residents/<int:pk>/sessions/new/", sessions.session_add, name="session_add"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("actions/<int:pk>/done/", sessions.action_done, name="action_done"),
    # Progress reports
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_add, name="report_add"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", reports.report_submit_view, name="report_submit"),
    path("reports/<int:pk>/review/", reports.report_review_view, name="report_review"),
    path("reviews/", reports.review_queue, name="review_queue"),
    path("program-reports/", reports.program_reports, name="program_reports"),
    # Sponsorship
    path("sponsor/", sponsorship.sponsor_choose, name="sponsor_choose"),
    path("sponsor-requests/", sponsorship.sponsor_requests, name="sponsor_requests"),
    path(
        "sponsor-requests/<int:pk>/",
        sponsorship.sponsor_request_detail,
        name="sponsor_request_detail",
    ),
    path(
        "sponsor-requests/<int:pk>/answer/",
        sponsorship.sponsor_request_answer,
        name="sponsor_request_answer",
    ),
    path(
        "sponsor-requests/<int:pk>/decide/",
        sponsorship.sponsor_proposal_decide,
        name="sponsor_proposal_decide",
    ),
    path("sponsored/", sponsorship.sponsored_projects, name="sponsored_projects"),
    # Peer mentoring
    path("peer-mentors/", peer.mentorship_list, name="mentorship_list"),
    path("peer-mentors/pair/", peer.mentorship_pair_view, name="mentorship_pair"),
    path("peer-mentors/<int:pk>/", peer.mentorship_detail, name="mentorship_detail"),
    path("peer-mentors/<int:pk>/end/", peer.mentorship_end_view, name="mentorship_end"),
    path("peer-mentors/<int:pk>/meetings/new/", peer.meeting_add, name="meeting_add"),
    path("peer-mentoring/", peer.my_peer_mentoring, name="my_peer_mentoring"),
    # Mentor introductions
    path("introductions/", introductions.introduction_list, name="introduction_list"),
    path("introductions/new/", introductions.introduction_add, name="introduction_add"),
    path(
        "introductions/<int:pk>/follow-up/",
        introductions.introduction_follow_up_view,
        name="introduction_follow_up",
    ),
]
