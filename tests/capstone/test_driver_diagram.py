"""The driver diagram's services: adding, changing, deleting and reordering drivers, each
checked in full before anything is saved."""

import pytest

from capstone.models import DRIVER_TEXT_MAX, Driver
from capstone.services.drivers import (
    DriverError,
    driver_add,
    driver_delete,
    driver_move,
    driver_update,
)
from tests import factories as f


def test_a_primary_and_a_secondary_driver_are_added_in_order(world, project):
    first = driver_add(project=project, by=world.resident, text="Medicines ready early")
    second = driver_add(project=project, by=world.resident, text="Transport booked")
    idea = f.IdeaFactory(project=project)
    child = driver_add(
        project=project, by=world.resident, text="Pharmacy told by 3 pm", parent=first, ideas=[idea]
    )
    assert (first.position, second.position, child.position) == (1, 2, 1)
    assert child.parent == first and not child.is_primary
    assert list(child.ideas.all()) == [idea]


def test_driver_text_is_tidied_and_bounded(world, project):
    driver = driver_add(project=project, by=world.resident, text="  Beds   ready\n early ")
    assert driver.text == "Beds ready early"
    with pytest.raises(DriverError, match=f"{DRIVER_TEXT_MAX} characters"):
        driver_add(project=project, by=world.resident, text="x" * (DRIVER_TEXT_MAX + 1))
    with pytest.raises(DriverError, match="Write the driver"):
        driver_add(project=project, by=world.resident, text="   ")
    assert Driver.objects.count() == 1


def test_a_secondary_driver_cannot_hang_from_another_secondary(world, project):
    primary = driver_add(project=project, by=world.resident, text="Medicines ready early")
    secondary = driver_add(project=project, by=world.resident, text="Pharmacy", parent=primary)
    with pytest.raises(DriverError, match="not another secondary"):
        driver_add(project=project, by=world.resident, text="Too deep", parent=secondary)
    assert Driver.objects.count() == 2


def test_a_driver_with_secondaries_stays_primary(world, project):
    primary = driver_add(project=project, by=world.resident, text="Medicines ready early")
    other = driver_add(project=project, by=world.resident, text="Transport booked")
    driver_add(project=project, by=world.resident, text="Pharmacy", parent=primary)
    with pytest.raises(DriverError, match="stays primary"):
        driver_update(driver=primary, by=world.resident, text="Medicines", parent=other)
    primary.refresh_from_db()
    assert primary.parent_id is None and primary.text == "Medicines ready early"


def test_ideas_and_parents_of_another_project_are_refused(world, project, other_project):
    foreign_idea = f.IdeaFactory(project=other_project)
    foreign_driver = Driver.objects.create(project=other_project, text="Elsewhere")
    with pytest.raises(DriverError, match="this project's ideas"):
        driver_add(project=project, by=world.resident, text="Beds", ideas=[foreign_idea])
    with pytest.raises(DriverError, match="primary driver of this project"):
        driver_add(project=project, by=world.resident, text="Beds", parent=foreign_driver)
    assert not project.drivers.exists()


def test_a_refused_update_saves_nothing(world, project):
    driver = driver_add(project=project, by=world.resident, text="Medicines ready early")
    with pytest.raises(DriverError):
        driver_update(driver=driver, by=world.resident, text="y" * 500)
    driver.refresh_from_db()
    assert driver.text == "Medicines ready early"


def test_moving_a_secondary_driver_under_another_primary_puts_it_last_there(world, project):
    a = driver_add(project=project, by=world.resident, text="A")
    b = driver_add(project=project, by=world.resident, text="B")
    driver_add(project=project, by=world.resident, text="B1", parent=b)
    a1 = driver_add(project=project, by=world.resident, text="A1", parent=a)
    moved = driver_update(driver=a1, by=world.resident, text="A1", parent=b)
    assert [d.text for d in b.children.all()] == ["B1", "A1"] and moved.position == 2


def test_drivers_move_up_and_down_among_their_siblings_only(world, project):
    a = driver_add(project=project, by=world.resident, text="A")
    b = driver_add(project=project, by=world.resident, text="B")
    c = driver_add(project=project, by=world.resident, text="C")
    driver_add(project=project, by=world.resident, text="A1", parent=a)
    driver_move(driver=c, by=world.resident, direction="up")
    assert list(project.drivers.filter(parent=None).values_list("text", flat=True)) == [
        "A",
        "C",
        "B",
    ]
    driver_move(driver=a, by=world.resident, direction="up")  # already first: stays
    driver_move(driver=b, by=world.resident, direction="down")  # already last: stays
    assert list(project.drivers.filter(parent=None).values_list("text", flat=True)) == [
        "A",
        "C",
        "B",
    ]
    with pytest.raises(DriverError, match="up or down"):
        driver_move(driver=a, by=world.resident, direction="sideways")


def test_deleting_a_primary_driver_takes_its_secondaries_but_not_the_ideas(world, project):
    idea = f.IdeaFactory(project=project)
    primary = driver_add(project=project, by=world.resident, text="A")
    driver_add(project=project, by=world.resident, text="A1", parent=primary, ideas=[idea])
    driver_delete(driver=primary, by=world.resident)
    assert not project.drivers.exists()
    assert project.ideas.filter(pk=idea.pk).exists()
