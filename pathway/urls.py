from django.urls import path

from pathway.views import home, people

app_name = "pathway"

urlpatterns = [
    path("people/residents/", people.resident_list, name="resident_list"),
    path("people/staff/", people.staff_list, name="staff_list"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/import/", people.roster_upload, name="roster_import"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/active/", people.person_set_active, name="person_set_active"),
]

home_view = home.home
