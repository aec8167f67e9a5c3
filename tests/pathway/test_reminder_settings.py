"""A program's reminder time and digest day, and the periodic task (django-celery-beat) that
follows them."""

from datetime import time

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from pathway.models import ProgramReminderSettings
from pathway.notifications.services import RETRY_TASK, SWEEP_TASK, reminder_schedule_sync
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(program):
    return reverse("pathway:reminder_settings", args=[program.pk])


def sweep_task(program):
    return PeriodicTask.objects.get(name=f"Reminder sweep: {program.slug}")


def test_the_schedule_is_a_daily_crontab_at_the_programs_local_time(settings):
    program = f.ProgramFactory()
    ProgramReminderSettings.objects.create(program=program, reminder_time=time(6, 45))

    reminder_schedule_sync(program=program)

    task = sweep_task(program)
    assert task.task == SWEEP_TASK
    assert task.kwargs == f'{{"program_id": {program.pk}}}'
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_week) == ("6", "45", "*")
    assert str(task.crontab.timezone) == settings.TIME_ZONE
    assert PeriodicTask.objects.get(task=RETRY_TASK).interval.every == 10


def test_syncing_again_updates_the_same_task():
    program = f.ProgramFactory()
    reminder_schedule_sync(program=program)
    ProgramReminderSettings.objects.filter(program=program).update(
        reminder_time=time(18, 0), enabled=False
    )

    reminder_schedule_sync(program=program)

    task = sweep_task(program)
    assert (task.crontab.hour, task.enabled) == ("18", False)
    assert PeriodicTask.objects.filter(task=SWEEP_TASK).count() == 1


def test_a_director_changes_the_time_and_the_schedule_follows(world, as_user):
    response = as_user(world.director).post(
        url(world.program), {"reminder_time": "08:30", "digest_weekday": "4", "enabled": "on"}
    )

    assert response.status_code == 302
    conf = ProgramReminderSettings.objects.get(program=world.program)
    assert (conf.reminder_time, conf.digest_weekday) == (time(8, 30), 4)
    task = sweep_task(world.program)
    assert (task.crontab.hour, task.crontab.minute) == ("8", "30")


def test_the_page_shows_the_schedule(world, as_user):
    reminder_schedule_sync(program=world.program)
    html = as_user(world.coordinator).get(url(world.program)).content.decode()
    assert "Scheduled:" in html and "Reminder settings" in html


@pytest.mark.parametrize(
    "data",
    [
        {"reminder_time": "25:00", "digest_weekday": "1"},
        {"reminder_time": "", "digest_weekday": "9"},
    ],
    ids=["impossible time", "no time and a bad day"],
)
def test_bad_input_is_explained_and_nothing_changes(data, world, as_user):
    response = as_user(world.director).post(url(world.program), data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not PeriodicTask.objects.filter(task=SWEEP_TASK).exists()


def test_another_programs_settings_are_a_404(world, as_user):
    assert as_user(world.other_director).get(url(world.program)).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_only_program_staff_change_reminder_settings(persona, world, as_user):
    assert as_user(getattr(world, persona)).get(url(world.program)).status_code == 403


def test_wrong_method_is_refused(world, as_user):
    assert as_user(world.director).delete(url(world.program)).status_code == 405


def test_the_admin_keeps_the_schedule_in_step(world, as_user):
    client = as_user(world.superuser)
    conf = ProgramReminderSettings.objects.create(program=world.program)
    response = client.post(
        reverse("admin:pathway_programremindersettings_change", args=[conf.pk]),
        {
            "program": world.program.pk,
            "reminder_time": "05:15",
            "digest_weekday": "2",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    assert sweep_task(world.program).crontab.hour == "5"


def test_a_program_added_in_the_admin_gets_the_standard_milestones_and_a_schedule(world, as_user):
    response = as_user(world.superuser).post(
        reverse("admin:pathway_program_add"),
        {"name": "New Internal Medicine", "short_name": "New IM", "slug": "new-im"},
    )
    assert response.status_code == 302
    program = world.program.__class__.objects.get(slug="new-im")
    assert program.milestone_templates.filter(key="apply").exists()
    assert sweep_task(program).enabled
