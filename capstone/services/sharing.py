"""What a project shares: the event's report-out (posted to the sponsor and the coach), the
discussion (each comment told to the leads, earlier commenters and the people it @mentions)
and the abstract draft."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from capstone.models import AbstractDraft, Attachment, Comment, Project, ReportOut
from capstone.services import ProjectError, attachment_add
from pathway.notifications.notify import notify, users_mentioned


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
    notify(
        recipients=[project.sponsor, project.coach],
        kind="reportout_posted",
        text=f"{by.display_name} posted the report-out of “{project.title}”.",
        link=reverse("capstone:project_event", args=[project.pk]),
        context={"project": project, "report": report, "posted_by": by},
    )
    return report


@transaction.atomic
def comment_post(*, project, author, body) -> Comment:
    """Add to the project's discussion and email the leads and the earlier commenters."""
    body = body.strip()
    if not body:
        raise ProjectError("Write a comment first.")
    comment = Comment.objects.create(project=project, author=author, body=body)

    def can_see(user):
        return Project.objects.visible_to(user).filter(pk=project.pk).exists()

    link = reverse("capstone:project_detail", args=[project.pk]) + "#discussion"
    context = {"project": project, "comment": comment}
    mentioned = users_mentioned(text=body, program_id=project.program_id, can_see=can_see)
    notify(
        recipients=mentioned,
        kind="mentioned",
        text=f"{author.display_name} mentioned you on “{project.title}”: {body}",
        link=link,
        context=context,
        actor=author,
    )
    # The leads and earlier commenters who still see the project follow its discussion; who
    # was mentioned has heard already.
    people = {project.lead.user, *project.co_leads.all()}
    people |= {c.author for c in project.comments.select_related("author")}
    told = {u.pk for u in mentioned}
    notify(
        recipients=sorted(
            (p for p in people if p.pk not in told and can_see(p)), key=lambda p: p.pk
        ),
        kind="comment_posted",
        text=f"{author.display_name} commented on “{project.title}”: {body}",
        link=link,
        context=context,
        actor=author,
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
