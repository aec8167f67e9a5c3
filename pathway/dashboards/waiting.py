""" "Waiting on you": the top of every home lists what waits on the person signed in, in every
role they hold, oldest first, with how many days it has waited and one link to act on it.

Each source reads at most SOURCE_LIMIT rows in one query (the at-risk verdict its fixed few),
through `visible_to` and the selectors the rest of the app uses: the review queue's, the
approval queue's, the one at-risk verdict (mentoring.at_risk), the program's coaching settings
for its limits. So the number of queries does not depend on how much is waiting."""

from datetime import date

from pathway.dashboards.waiting_items import panel
from pathway.dashboards.waiting_roles import (
    approvals,
    coach_sources,
    resident_sources,
    sponsor_sources,
)
from pathway.dashboards.waiting_staff import coordinator_sources, director_sources
from pathway.models import Role


def waiting_on(
    *, user, today: date, reports=None, residents=None, milestones=None, report_status=None
) -> dict:
    """The panel for every role `user` holds (approvals once, whichever roles ask for them).
    The coach's home passes the reports to review and the coachees it read (coach_sources),
    the resident's home the resident's milestone rows and report card (resident_sources)."""
    sources = []
    if user.has_role(Role.RESIDENT):
        sources += resident_sources(user, today, milestones=milestones, reports=report_status)
    if user.has_role(Role.COACH):
        sources += coach_sources(user, today, reports=reports, residents=residents)
    if user.has_role(Role.SPONSOR):
        sources += sponsor_sources(user, today)
    if user.has_role(Role.COACH, Role.SPONSOR, Role.DIRECTOR):
        sources.append(approvals(user, today))
    if user.program_id is not None and user.has_role(Role.DIRECTOR):
        sources += director_sources(user, today)
    if user.program_id is not None and user.has_role(Role.COORDINATOR):
        sources += coordinator_sources(user, today)
    items = [item for found, _ in sources for item in found]
    return panel(items, capped=any(capped for _, capped in sources))
