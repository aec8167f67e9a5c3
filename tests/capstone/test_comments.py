"""The project's discussion: everyone on the project comments; the leads and the earlier
commenters are emailed, never the author."""

import pytest
from django.core import mail
from django.urls import reverse

from capstone.models import Comment
from tests import factories as f


def url(project):
    return reverse("capstone:comment_add", args=[project.pk])


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "director", "coordinator"])
def test_everyone_on_the_project_comments(persona, world, as_user, project):
    response = as_user(getattr(world, persona)).post(url(project), {"body": "Looks good"})
    assert response.status_code == 302
    assert response.url.endswith("#discussion")
    comment = Comment.objects.get()
    assert comment.author == getattr(world, persona)


def test_the_lead_and_earlier_commenters_are_emailed_but_not_the_author(
    world, as_user, project, django_capture_on_commit_callbacks
):
    project.co_leads.add(world.other_resident)
    f.CommentFactory(project=project, author=world.sponsor, body="Earlier")
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.coach).post(url(project), {"body": "Walk the process at 7 am."})
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [world.resident.email, world.other_resident.email, world.sponsor.email]
    )
    message = mail.outbox[0]
    assert world.coach.display_name in message.subject
    assert "Walk the process at 7 am." in message.body
    assert "#discussion" in message.body


def test_the_lead_commenting_emails_only_the_others(
    world, as_user, project, django_capture_on_commit_callbacks
):
    f.CommentFactory(project=project, author=world.coach)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.resident).post(url(project), {"body": "Done, thanks"})
    assert [m.to for m in mail.outbox] == [[world.coach.email]]


def test_a_deactivated_commenter_is_not_emailed(
    world, as_user, project, django_capture_on_commit_callbacks
):
    f.CommentFactory(project=project, author=world.sponsor)
    world.sponsor.is_active = False
    world.sponsor.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.coach).post(url(project), {"body": "x"})
    assert [m.to for m in mail.outbox] == [[world.resident.email]]


def test_an_empty_comment_is_refused_on_the_page(world, as_user, project):
    response = as_user(world.coach).post(url(project), {"body": "   "})
    assert response.status_code == 200
    assert "body" in response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_the_comment_shows_in_the_discussion(world, as_user, project):
    as_user(world.sponsor).post(url(project), {"body": "I can join day 1."})
    page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert "I can join day 1." in page
    assert world.sponsor.display_name in page


def test_another_resident_and_another_program_get_404(world, as_user, project):
    assert as_user(world.other_resident).post(url(project), {"body": "x"}).status_code == 404
    assert as_user(world.other_director).post(url(project), {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_commenting_needs_a_post(world, as_user, project):
    assert as_user(world.resident).get(url(project)).status_code == 405
