"""What a project shares: the event's report-out (posted to the sponsor and the coach), the
discussion (each comment emailed to the leads and earlier commenters) and the abstract draft."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from capstone.models import AbstractDraft, Attachment, Comment, ReportOut
from capstone.services import ProjectError, attachment_add
from pathway.core.emails import absolute_url, email_send


@transaction.atomic
def reportout_save(*, project, by, fields: dict, upload=None, upload_title="") -> ReportOut:
    report = project.report_out_or_none() or ReportOut(project=project)
    for name, value in fields.items():
        setattr(report, name, value)
    if upload is not None:
        report.attachment = attachment_add(
            project=project,
            by=by,
            upload=upload,
            section="event",
            kind=Attachment.Kind.SLIDES
            if upload.name.lower().endswith(".pptx")
            else Attachment.Kind.DOCUMENT,
            title=upload_title or "Report-out",
        )
    report.full_clean(exclude=["project"])
    report.save()
    return report


@transaction.atomic
def reportout_post(*, project, by) -> ReportOut:
    """Post the report-out and tell the sponsor and the coach."""
    report = project.report_out_or_none()
    if report is None:
        raise ProjectError("Write the report-out before posting it.")
    if report.posted_at is not None:
        raise ProjectError("The report-out was already posted.")
    report.posted_at = timezone.now()
    report.posted_by = by
    report.save(update_fields=["posted_at", "posted_by", "updated_at"])
    recipients = [u for u in (project.sponsor, project.coach) if u is not None and u.is_active]
    link = absolute_url(reverse("capstone:project_event", args=[project.pk]))
    for recipient in recipients:
        email_send(
            to=recipient.email,
            template="capstone/reportout_posted",
            context={
                "recipient": recipient,
                "project": project,
                "report": report,
                "posted_by": by,
                "link": link,
            },
            fail_silently=True,
        )
    return report


@transaction.atomic
def comment_post(*, project, author, body) -> Comment:
    """Add to the project's discussion and email the leads and the earlier commenters."""
    body = body.strip()
    if not body:
        raise ProjectError("Write a comment first.")
    comment = Comment.objects.create(project=project, author=author, body=body)
    people = {project.lead.user, *project.co_leads.all()}
    people |= {c.author for c in project.comments.select_related("author")}
    recipients = sorted(
        (p for p in people if p.pk != author.pk and p.is_active), key=lambda p: p.pk
    )
    link = absolute_url(reverse("capstone:project_detail", args=[project.pk]) + "#discussion")
    for recipient in recipients:
        email_send(
            to=recipient.email,
            template="capstone/comment_posted",
            context={
                "recipient": recipient,
                "project": project,
                "comment": comment,
                "link": link,
            },
            fail_silently=True,
        )
    return comment


def abstract_draft_save(*, project, by, fields: dict) -> AbstractDraft:
    draft = AbstractDraft.objects.filter(project=project).first() or AbstractDraft(project=project)
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.updated_by = by
    try:
        draft.full_clean(exclude=["project"])
    except ValidationError as error:
        raise ProjectError("; ".join(error.messages)) from None
    draft.save()
    return draft
