"""A project's KPO coach is its lead's current coach assignment; Project.coach goes.

Before the field goes, a lead who has no current coach assignment but whose active capstone
names a coach gets that coach as an assignment, so nobody loses the coach they had."""

from django.db import migrations


def keep_named_coaches(apps, schema_editor):
    Project = apps.get_model("capstone", "Project")
    CoachAssignment = apps.get_model("mentoring", "CoachAssignment")
    coached = set(
        CoachAssignment.objects.filter(ended_on__isnull=True).values_list("resident_id", flat=True)
    )
    for project in (
        Project.objects.filter(coach__isnull=False)
        .exclude(stage__in=["closed", "withdrawn"])
        .order_by("stage_changed_at", "pk")
    ):
        if project.lead_id in coached:
            continue
        CoachAssignment.objects.create(
            resident_id=project.lead_id,
            coach_id=project.coach_id,
            started_on=project.created_at.date(),
        )
        coached.add(project.lead_id)


class Migration(migrations.Migration):
    dependencies = [
        ("capstone", "0002_measures_and_charts"),
        ("mentoring", "0003_progress_reports_and_sponsor_requests"),
    ]

    operations = [
        migrations.RunPython(keep_named_coaches, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="project",
            name="coach",
        ),
    ]
