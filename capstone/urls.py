from django.urls import path

from capstone.library import views as library_views
from capstone.views import (
    approvals,
    determination,
    documents,
    measures,
    parts,
    projects,
    qitools,
    sections,
    stage,
)

app_name = "capstone"

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("start/", projects.project_add, name="project_add"),
    # The project page: one URL per tab, so each is linkable.
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/current-state/", projects.project_current_state, name="project_current_state"),
    path("<int:pk>/event/", projects.project_event, name="project_event"),
    path(
        "<int:pk>/implementation/", projects.project_implementation, name="project_implementation"
    ),
    path("<int:pk>/results/", projects.project_results, name="project_results"),
    path("<int:pk>/dissemination/", projects.project_dissemination, name="project_dissemination"),
    path("<int:pk>/history/", projects.project_history, name="project_history"),
    # Sections of the record
    path("<int:pk>/charter/edit/", sections.charter_edit, name="charter_edit"),
    path("<int:pk>/current-state/edit/", sections.current_state_edit, name="current_state_edit"),
    path("<int:pk>/event/edit/", sections.event_edit, name="event_edit"),
    path("<int:pk>/results/edit/", sections.results_edit, name="results_edit"),
    path("<int:pk>/report-out/", sections.reportout_edit, name="reportout_edit"),
    path("<int:pk>/report-out/post/", sections.reportout_publish, name="reportout_post"),
    path("<int:pk>/comments/", sections.comment_add, name="comment_add"),
    # QI tools drawn from the record (before the rows' catch-all <kind>/add/)
    path("<int:pk>/driver-diagram/", qitools.driver_diagram_page, name="driver_diagram"),
    path("<int:pk>/driver-diagram/add/", qitools.driver_add_view, name="driver_add"),
    path(
        "<int:pk>/driver-diagram/<int:driver_pk>/edit/",
        qitools.driver_edit_view,
        name="driver_edit",
    ),
    path(
        "<int:pk>/driver-diagram/<int:driver_pk>/delete/",
        qitools.driver_delete_view,
        name="driver_delete",
    ),
    path(
        "<int:pk>/driver-diagram/<int:driver_pk>/move/",
        qitools.driver_move_view,
        name="driver_move",
    ),
    path("<int:pk>/fishbone/", qitools.fishbone_page, name="fishbone"),
    path("<int:pk>/process-map/", qitools.process_map_page, name="process_map"),
    # Rows of the record: steps, wastes, ideas, actions, measures, …
    path("<int:pk>/<slug:kind>/add/", parts.part_add, name="part_add"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/edit/", parts.part_edit, name="part_edit"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/delete/", parts.part_delete_view, name="part_delete"),
    path("<int:pk>/files/<int:item_pk>/", parts.attachment_download, name="attachment_download"),
    # A measure's chart, its downloads and entering its data
    path("<int:pk>/measures/<int:measure_pk>/", measures.measure_chart, name="measure_chart"),
    path("<int:pk>/measures/<int:measure_pk>/chart.svg", measures.measure_svg, name="measure_svg"),
    path("<int:pk>/measures/<int:measure_pk>/data.csv", measures.measure_csv, name="measure_csv"),
    path(
        "<int:pk>/measures/<int:measure_pk>/chart.json", measures.measure_json, name="measure_json"
    ),
    path("<int:pk>/measures/<int:measure_pk>/paste/", measures.measure_paste, name="measure_paste"),
    path(
        "<int:pk>/measures/<int:measure_pk>/upload/",
        measures.measure_upload,
        name="measure_upload",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/notes/add/",
        measures.annotation_add_view,
        name="annotation_add",
    ),
    path(
        "<int:pk>/measures/<int:measure_pk>/notes/<int:annotation_pk>/delete/",
        measures.annotation_delete_view,
        name="annotation_delete",
    ),
    path("chart-settings/", measures.chart_settings, name="chart_settings"),
    # Stage and progress
    path("<int:pk>/stage/request/", approvals.stage_request, name="stage_request"),
    path(
        "<int:pk>/stage/requests/<int:request_pk>/approve/",
        approvals.stage_request_approve_view,
        name="stage_request_approve",
    ),
    path(
        "<int:pk>/stage/requests/<int:request_pk>/return/",
        approvals.stage_request_return_view,
        name="stage_request_return",
    ),
    path("<int:pk>/stage/override/", approvals.stage_override, name="stage_override"),
    path("approvals/", approvals.approval_queue, name="approval_queue"),
    path("approval-rules/", approvals.approval_rules, name="approval_rules"),
    path("<int:pk>/determination/", determination.determination_edit, name="determination_edit"),
    path(
        "<int:pk>/determination/letter/",
        determination.determination_letter,
        name="determination_letter",
    ),
    path("<int:pk>/stage/back/", stage.stage_back, name="stage_back"),
    path("<int:pk>/stage/hold/", stage.stage_hold, name="stage_hold"),
    path("<int:pk>/stage/resume/", stage.stage_resume, name="stage_resume"),
    path("<int:pk>/stage/withdraw/", stage.stage_withdraw, name="stage_withdraw"),
    path("<int:pk>/progress/", stage.progress_edit, name="progress_edit"),
    # Documents generated from the record
    path("<int:pk>/a3/", documents.a3, name="a3"),
    path("<int:pk>/a3.pdf", documents.a3_download, name="a3_pdf"),
    path("<int:pk>/abstract/", documents.abstract_draft, name="abstract_draft"),
    path("<int:pk>/abstract.txt", documents.abstract_download, name="abstract_download"),
    path("<int:pk>/abstract.docx", documents.abstract_docx_download, name="abstract_docx"),
    path("<int:pk>/report-out.pptx", documents.deck_download, name="deck_pptx"),
    path("<int:pk>/poster.pdf", documents.poster_download, name="poster_pdf"),
]

# The project library (capstone.library)
urlpatterns += [
    path("library/", library_views.library_list, name="library_list"),
    path("library/<int:pk>/", library_views.library_entry, name="library_entry"),
    path("library/<int:pk>/a3.pdf", library_views.library_a3, name="library_a3"),
    path("library/sharing/", library_views.library_sharing, name="library_sharing"),
    path("<int:pk>/library/offer/", library_views.library_offer, name="library_offer"),
    path("<int:pk>/library/decide/", library_views.library_offer_decide, name="library_decide"),
]
