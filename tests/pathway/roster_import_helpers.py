"""Roster files and the two-step upload, shared by the roster import tests."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathway.models import User
from tests import factories as f

URL = reverse("pathway:roster_import")
HEADER = (
    "email,full_name,preferred_name,roles,title,track,residency_start,expected_graduation,"
    "pathway_status,areas_of_interest,specialty,caseload_capacity,department,is_associate"
)
GOOD_ROWS = [
    "ana.silva@example.org,Ana Silva,Ana,resident,,primary_care,2025-07-01,2028-06-30,"
    "active,patient safety; ambulatory care,,,,",
    "Ben.Okoro@Example.org,Ben Okoro,,resident,,categorical,2024-07-01,2027-06-30,applicant,,,,,",
    "kai.mori@example.org,Kai Mori,,coach,KPO Coach,,,,,,Flow,5,,",
    "nadia.brooks@example.org,Nadia Brooks,,director;sponsor,Associate Program Director,,,,,,,,"
    "Internal Medicine,yes",
]
NEW_EMAILS = {
    "ana.silva@example.org",
    "ben.okoro@example.org",
    "kai.mori@example.org",
    "nadia.brooks@example.org",
}


def csv_file(*rows, header=HEADER, name="roster.csv", bom=False, newline="\n"):
    text = newline.join([header, *rows]) + newline
    content = ("\ufeff" + text).encode() if bom else text.encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def director_coordinator(world):
    """GOOD_ROWS add a director, which only a director (or site administrator) may grant."""
    f.DirectorFactory(user=world.coordinator)
    return User.objects.get(pk=world.coordinator.pk)


def upload(client, file, capture, **extra):
    """Upload, and when the preview says the file is good, press Import: the two steps a
    coordinator takes."""
    with capture(execute=True):
        response = client.post(URL, {"file": file, **extra})
        preview = response.context.get("preview") if response.status_code == 200 else None
        if preview:
            return client.post(URL, {"preview": preview})
        return response


def page_text(response):
    return response.content.decode().replace("\xa0", " ")


def nobody_new():
    return not User.objects.filter(email__in=NEW_EMAILS).exists()
