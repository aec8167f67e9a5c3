"""The directors' weekly digest: "Residents at risk: N" is followed by N lines, one per resident
with every reason they are listed for."""

import pytest

from pathway.reminders.digests import director_digest
from tests.pathway.cohort import make_cohort

pytestmark = pytest.mark.django_db


def test_a_resident_at_risk_for_several_reasons_is_one_line_and_counted_once():
    cohort = make_cohort(2, coached=False, weekly_digests=True)
    late, other = cohort.residents
    cohort.milestone(late, due_in=-20, name="Select a sponsor")

    digest = director_digest(cohort.program, cohort.today)

    assert digest["at_risk_count"] == len(digest["at_risk"]) == 2
    [line] = [row for row in digest["at_risk"] if row["resident"] == late.display_name]
    assert "1 milestone overdue since" in line["reason"]
    assert "No KPO coach" in line["reason"]
