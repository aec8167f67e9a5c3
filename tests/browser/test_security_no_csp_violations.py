"""Item 8 of the security review, in the browser: with the Content-Security-Policy in force
(no inline script or style allowed), every page in each role's menu, and a capstone project
with its measure chart, loads in Chromium without a single CSP violation in the console."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from capstone.models import Measure
from pathway.demo import world as demo
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser

ROLES = {
    "resident": lambda w: w["residents"][3].user,
    "coach": lambda w: w["coaches"][0],
    "sponsor": lambda w: w["sponsors"][0],
    "director": lambda w: w["director"],
    "coordinator": lambda w: w["coordinator"],
}
# Where a page's own links lead further into what a role sees every day.
FOLLOW = ("/capstone/", "/people/", "/mentoring/")
MAX_PAGES = 30


def local_links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    links = []
    for href in hrefs:
        url = urlparse(href)
        if url.netloc != urlparse(base).netloc or url.path in ("", "#"):
            continue
        if any(
            url.path.endswith(end)
            for end in (".csv", ".xlsx", ".svg", ".json", ".ics", ".pdf", ".docx", ".pptx", ".txt")
        ):
            continue
        if "/download" in url.path or "/file" in url.path or url.path.startswith("/admin"):
            continue
        links.append(f"{base}{url.path}")
    return links


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_pages_have_no_csp_violations(role, live_server, page, demo_world):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server, ROLES[role](demo_world), password=demo.DEMO_PASSWORD)
    header = page.context.request.get(f"{live_server.url}/").headers
    assert "unsafe-inline" not in header["content-security-policy"]
    assert "camera=()" in header["permissions-policy"]
    # The pages with the most markup of their own: a measure's chart and a project's A3.
    measure = Measure.objects.filter(data_points__isnull=False).first()
    chart = reverse("capstone:measure_chart", args=[measure.project_id, measure.pk])
    a3 = reverse("capstone:a3", args=[measure.project_id])
    to_visit, seen = (
        [f"{live_server.url}/", f"{live_server.url}{chart}", f"{live_server.url}{a3}"],
        set(),
    )
    while to_visit and len(seen) < MAX_PAGES:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        page.wait_for_load_state("load")
        assert response.status < 500, url
        for link in local_links(page, live_server.url):
            shallow = link.count("/") <= 5
            wanted = len(seen) < 3 or any(part in link for part in FOLLOW)
            if link not in seen and shallow and wanted:
                to_visit.append(link)
    assert len(seen) >= 5, seen
    assert violations == [], violations
    print(f"{role}: {len(seen)} pages, no CSP violation: {sorted(seen)}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    screenshot(page, f"csp-{role}-home-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, f"csp-{role}-home-390")
