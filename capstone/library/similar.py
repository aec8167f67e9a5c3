"""Similar projects: the library entries most like a new capstone, from its title, problem and
the wastes it recorded, so the resident sees prior work before the charter is approved.

A fixed number of queries whatever the library's size: the project's wastes, the ranked
candidates, and what attach_results reads for the few shown."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from capstone.library.selectors import (
    SEARCH_CONFIG,
    attach_results,
    library_entries,
    search_vector,
    with_measures,
)
from capstone.models import Stage, WasteObservation

SHOWN = 5
MAX_WORDS = 12
MIN_WORD_LENGTH = 4
# Words that say nothing about what a project is about.
STOP_WORDS = frozenset(
    """about after also been before being could does during each every from have into less more
most only other over patient patients same some such than that their them then there these
they this those through time times under very were what when where which while will with
within would your""".split()  # noqa: SIM905 (a list of words reads as one)
)
WORD = re.compile(r"[^\W\d_]+")


def keywords(*texts) -> list[str]:
    """The distinct telling words of `texts`, in order, lower case, letters only (so they are
    safe in a raw tsquery), at most MAX_WORDS."""
    found = []
    for text in texts:
        for word in WORD.findall((text or "").lower()):
            if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and word not in found:
                found.append(word)
                if len(found) == MAX_WORDS:
                    return found
    return found


def _shared_wastes(wastes):
    return Coalesce(
        Subquery(
            WasteObservation.objects.filter(project=OuterRef("pk"), waste__in=wastes)
            .order_by()
            .values("project")
            .annotate(n=Count("waste", distinct=True))
            .values("n")[:1]
        ),
        Value(0),
    )


def _postgres_ranked(candidates, words):
    if not words:
        return candidates.annotate(score=F("shared_wastes") * Value(0.1)), Q()
    query = SearchQuery(" | ".join(words), search_type="raw", config=SEARCH_CONFIG)
    vector = search_vector()
    ranked = candidates.annotate(
        document=vector,
        score=SearchRank(vector, query) + F("shared_wastes") * Value(0.1, FloatField()),
    )
    return ranked, Q(document=query)


def _simple_ranked(candidates, words):
    """SQLite: two points for each word in the title, one in the problem or the aim, one for
    each waste in common."""
    score = F("shared_wastes")
    matches = Q()
    for word in words:
        score = score + Case(
            When(title__icontains=word, then=Value(2)),
            When(Q(problem_statement__icontains=word) | Q(aim_what__icontains=word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        matches |= (
            Q(title__icontains=word)
            | Q(problem_statement__icontains=word)
            | Q(aim_what__icontains=word)
        )
    return candidates.annotate(score=score), matches


def similar_projects(project, user) -> list:
    """Up to SHOWN library entries `user` may see that are most like `project`; none once the
    charter is approved (the project has left Selection)."""
    if project.stage != Stage.SELECTION:
        return []
    words = keywords(project.title, project.problem_statement)
    wastes = sorted(set(project.waste_observations.values_list("waste", flat=True)))
    if not words and not wastes:
        return []
    candidates = (
        library_entries(user)
        .exclude(pk=project.pk)
        .exclude(lead=project.lead_id)
        .annotate(shared_wastes=_shared_wastes(wastes))
    )
    if connection.vendor == "postgresql":
        ranked, matches = _postgres_ranked(candidates, words)
    else:
        ranked, matches = _simple_ranked(candidates, words)
    found = ranked.filter(matches | Q(shared_wastes__gt=0)).order_by("-score", "-updated_at", "-pk")
    return attach_results(with_measures(found)[:SHOWN])
