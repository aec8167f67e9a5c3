"""A new capstone's Charter tab shows similar projects from the library (its title, problem and
wastes against the library's titles, problems and aims), until the charter is approved."""

from capstone.library.similar import keywords, similar_projects
from capstone.models import Stage, Waste
from tests import factories as f
from tests.capstone.library.helpers import library_entry


def new_capstone(world, **fields):
    return f.ProjectFactory(lead=world.resident.resident_profile, **fields)


def test_a_new_capstone_sees_earlier_projects_like_it_best_first(client, world):
    library_entry(program=world.program, title="Discharge before noon on 5 West")
    library_entry(
        program=world.program, title="Bed turnover", problem_statement="Discharge paperwork waits."
    )
    library_entry(
        program=world.program,
        title="Insulin timing",
        problem_statement="Insulin is given late.",
        aim_what="Insulin doses on time",
    )
    project = new_capstone(world, title="Earlier discharge", problem_statement="")
    found = [p.title for p in similar_projects(project, world.resident)]
    assert found == ["Discharge before noon on 5 West", "Bed turnover"]
    client.force_login(world.resident)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Similar projects in the library" in page
    assert "Discharge before noon on 5 West" in page and "Insulin timing" not in page


def test_a_shared_waste_is_enough_to_be_similar(world):
    match = library_entry(program=world.program, title="Lab courier runs")
    f.WasteObservationFactory(project=match, waste=Waste.TRANSPORTATION)
    library_entry(program=world.program, title="Something else")
    project = new_capstone(world, title="Zzz", problem_statement="")
    f.WasteObservationFactory(project=project, waste=Waste.TRANSPORTATION)
    assert [p.title for p in similar_projects(project, world.resident)] == ["Lab courier runs"]


def test_similar_projects_are_only_those_the_resident_may_see(world):
    library_entry(program=world.other_program, title="Discharge elsewhere")
    library_entry(program=world.program, title="Discharge here", stage=Stage.EVENT, approved=False)
    project = new_capstone(world, title="Discharge", problem_statement="")
    assert similar_projects(project, world.resident) == []


def test_similar_projects_show_until_the_charter_is_approved(client, world):
    library_entry(program=world.program, title="Discharge huddle")
    project = new_capstone(world, title="Discharge", problem_statement="")
    client.force_login(world.resident)
    assert "Similar projects" in client.get(project.get_absolute_url()).content.decode()
    project.stage = Stage.CURRENT_STATE
    project.save()
    assert similar_projects(project, world.resident) == []
    assert "Similar projects" not in client.get(project.get_absolute_url()).content.decode()


def test_the_residents_own_earlier_project_is_not_called_similar(world):
    library_entry(lead=world.resident.resident_profile, title="Discharge one", stage="closed")
    project = new_capstone(world, title="Discharge two", problem_statement="")
    assert similar_projects(project, world.resident) == []


def test_keywords_keep_the_telling_words_once_and_are_safe_for_a_query():
    assert keywords("The discharge: discharge & (lounge) | 5 West!", "with patients") == [
        "discharge",
        "lounge",
        "west",
    ]
    many = " ".join(
        "word" + "abcdefghijklmnopqrstuvwxyz"[n % 26] * (1 + n // 26) for n in range(50)
    )
    assert len(keywords(many)) == 12
