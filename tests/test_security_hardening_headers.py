"""Item 8 of the security review: a Content-Security-Policy without 'unsafe-inline' and a
Permissions-Policy on every page, and no inline script, style or event handler left in the
templates for the policy to block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = re.compile(r"<style|<script(?![^>]*\bsrc=)|\sstyle=\"|\son[a-z]+=\"", re.I)


def test_every_page_sends_a_strict_content_security_policy(world, as_user):
    response = as_user(world.director).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_every_page_sends_a_permissions_policy(client):
    response = client.get(reverse("login"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "Content-Security-Policy" in response


def test_no_page_template_has_inline_script_style_or_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts:
            continue  # email clients, not this site's pages, read those
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if INLINE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:80]}")
    assert offenders == []


def test_uploaded_files_are_served_sandboxed_and_as_attachments(world, as_user):
    from tests.pathway import curriculum_setup as cs

    submission = cs.submission(world, with_file=True)
    response = as_user(world.resident).get(reverse("pathway:submission_file", args=[submission.pk]))
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("attachment;")
