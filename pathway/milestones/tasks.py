"""The milestones' Celery task: regenerate a program's milestones after its templates change."""

from celery import shared_task

from pathway.core.tasks import RETRY
from pathway.milestones.services import milestones_sync
from pathway.models import Program


@shared_task(name="pathway.tasks.milestones_sync_task", **RETRY)
def milestones_sync_task(program_id):
    program = Program.objects.filter(pk=program_id).first()
    if program is not None:
        milestones_sync(program=program)
