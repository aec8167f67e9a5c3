"""The directors' weekly digest: "Stalled residents: N" is followed by N lines, one per resident
with every reason they are listed for."""

import pytest

from pathway.digests import director_digest
from tests.pathway.cohort import make_cohort

pytestmark = pytest.mark.django_db


def test_a_resident_stalled_for_several_reasons_is_one_line_and_counted_once():
    cohort = make_cohort(2, coached=False, weekly_digests=True)
    late, other = cohort.residents
    cohort.milestone(late, due_in=-20, name="Select a sponsor")

    digest = director_digest(cohort.program, cohort.today)

    assert digest["stalled_count"] == len(digest["stalled"]) == 2
    [line] = [row for row in digest["stalled"] if row["resident"] == late.display_name]
    assert "more than 14 days overdue" in line["reason"]
    assert "no KPO coach assigned" in line["reason"]
