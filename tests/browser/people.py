"""The people the browser walkthroughs meet: the demo's resident, coach and sponsor."""

from tests import factories as f


def lucas_and_his_coach():
    """Lucas Moreau, a PGY-2 at Virginia Mason, coached by Ruth Kagawa: (program, lead, coach)."""
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    resident = f.ResidentFactory(program=program, pgy=2, user__full_name="Lucas Moreau").user
    coach = f.CoachFactory(user__program=program, user__full_name="Ruth Kagawa").user
    f.CoachAssignmentFactory(resident=resident.resident_profile, coach=coach)
    return program, resident, coach


def eleanor_the_sponsor(program):
    """Eleanor Price, the CMO who sponsors Lucas's capstone."""
    return f.SponsorFactory(
        user__program=program, user__full_name="Eleanor Price", user__title="CMO"
    ).user
