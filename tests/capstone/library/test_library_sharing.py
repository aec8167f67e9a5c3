"""Across programs: a director shares their program's library with the other programs (and can
stop); shared entries name their program; an unshared program's projects never appear
elsewhere, in the list, a search, an entry, the A3 or the similar projects."""

import pytest
from django.urls import reverse

from capstone.library.services import LibraryError, library_share, library_unshare
from capstone.models import LibraryShare
from tests import factories as f
from tests.capstone.library.helpers import library_entry

LIST = reverse("capstone:library_list")
SHARING = reverse("capstone:library_sharing")


def titles(client, user, **query):
    client.force_login(user)
    return sorted(p.title for p in client.get(LIST, query).context["page"])


def test_an_unshared_programs_projects_never_appear_elsewhere(client, world):
    project = library_entry(program=world.program, title="Discharge huddle")
    assert titles(client, world.other_director) == []
    assert titles(client, world.other_director, q="discharge huddle") == []
    assert titles(client, world.other_coordinator, q="huddle") == []
    for name in ("capstone:library_entry", "capstone:library_a3"):
        assert client.get(reverse(name, args=[project.pk])).status_code == 404
    newcomer = f.ResidentFactory(program=world.other_program, pgy=1)
    similar = f.ProjectFactory(lead=newcomer, title="Discharge huddle again")
    client.force_login(newcomer.user)
    page = client.get(similar.get_absolute_url()).content.decode()
    assert "Similar projects in the library" in page
    assert "Discharge huddle again" in page and "No earlier project" in page


def test_a_director_shares_and_the_other_programs_see_the_entries_with_the_program_name(
    client, world
):
    project = library_entry(program=world.program, title="Discharge huddle")
    client.force_login(world.director)
    response = client.post(SHARING, {"action": "share"})
    assert response.status_code == 302
    assert LibraryShare.objects.filter(program=world.program, shared_by=world.director).exists()
    assert titles(client, world.other_director, q="huddle") == ["Discharge huddle"]
    page = client.get(LIST).content.decode()
    assert world.program.display_name in page
    entry = client.get(reverse("capstone:library_entry", args=[project.pk]))
    assert entry.status_code == 200
    assert world.program.display_name in entry.content.decode()


def test_stopping_sharing_removes_the_entries_from_the_other_programs_at_once(client, world):
    library_entry(program=world.program, title="Discharge huddle")
    library_share(program=world.program, by=world.director)
    assert titles(client, world.other_director) == ["Discharge huddle"]
    client.force_login(world.director)
    client.post(SHARING, {"action": "stop"})
    assert not LibraryShare.objects.exists()
    assert titles(client, world.other_director) == []


def test_sharing_is_one_way(client, world):
    library_entry(program=world.program, title="Ours")
    library_entry(program=world.other_program, title="Theirs")
    library_share(program=world.other_program, by=world.other_director)
    assert titles(client, world.director) == ["Ours", "Theirs"]
    assert titles(client, world.other_director) == ["Theirs"]


def test_only_a_director_of_the_program_decides_its_sharing(client, world):
    for user in (world.coordinator, world.coach, world.resident, world.sponsor):
        client.force_login(user)
        assert client.post(SHARING, {"action": "share"}).status_code == 403
    assert not LibraryShare.objects.exists()
    for user in (world.coordinator, world.other_director):
        with pytest.raises(LibraryError):
            library_share(program=world.program, by=user)
    library_share(program=world.program, by=world.director)
    with pytest.raises(LibraryError):
        library_unshare(program=world.program, by=world.other_director)
    assert LibraryShare.objects.filter(program=world.program).exists()


def test_sharing_twice_keeps_one_share_and_getting_it_is_refused(client, world):
    client.force_login(world.director)
    client.post(SHARING, {"action": "share"})
    client.post(SHARING, {"action": "share"})
    assert LibraryShare.objects.count() == 1
    assert client.get(SHARING).status_code == 405
