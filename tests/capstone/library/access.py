"""The library's URLs for every persona (merged into tests/capstone/access.py). The world's
program lists world.resident's project, which reached Results; other_director's program does
not share with it, and it does not share with them."""

from capstone.models import LibraryOffer, Stage
from tests.access import Case, expect
from tests.capstone.library.helpers import library_entry


def entry(world):
    return [library_entry(lead=world.resident.resident_profile, sponsor=world.sponsor).pk]


def offered(world):
    project = library_entry(
        lead=world.resident.resident_profile,
        sponsor=world.sponsor,
        stage=Stage.EVENT,
        approved=False,
        outcome=None,
    )
    LibraryOffer.objects.create(project=project, offered_by=world.resident)
    return [project.pk]


def active(world):
    return [
        library_entry(
            lead=world.resident.resident_profile,
            sponsor=world.sponsor,
            stage=Stage.EVENT,
            approved=False,
            outcome=None,
        ).pk
    ]


# Everyone in the program reads its library; another program gets a 404 (nothing is shared).
READ = expect(200, other_director=404)

LIBRARY_CASES = {
    "capstone:library_list": Case(expect(200)),
    "capstone:library_entry": Case(READ, args=entry),
    "capstone:library_a3": Case(READ, args=entry),
    # Only the project's leads offer it; others who see the project are refused.
    "capstone:library_offer": Case(
        expect(403, resident=302, superuser=302, other_director=404), args=active, method="post"
    ),
    # A director of the project's program approves.
    "capstone:library_decide": Case(
        expect(403, director=302, superuser=302, other_director=404),
        args=offered,
        method="post",
        data=lambda world: {"action": "approve"},
    ),
    # Any director decides for their own program; a superuser has no program to share.
    "capstone:library_sharing": Case(expect(403, director=302, other_director=302), method="post"),
}
