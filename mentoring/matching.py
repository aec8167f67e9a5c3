"""Peer-mentor suggestions: mentors and mentees matched by the areas of interest they share."""


def shared_areas(first, second) -> list[str]:
    """Area names both residents hold (their areas_of_interest should be prefetched)."""
    mine = {area.name for area in first.areas_of_interest.all()}
    return sorted(mine.intersection(area.name for area in second.areas_of_interest.all()))


def suggest_mentors(mentee, mentors, *, limit=2):
    """The best peer mentors for `mentee` among `mentors` of the same program, as
    (mentor, shared area names): most shared areas first, then the mentor with fewer current
    mentees (`mentee_count`, when annotated), then by name. Mentors sharing nothing are not
    suggested."""
    ranked = []
    for mentor in mentors:
        if mentor.user.program_id != mentee.user.program_id or mentor.pk == mentee.pk:
            continue
        shared = shared_areas(mentee, mentor)
        if shared:
            ranked.append((mentor, shared))
    ranked.sort(
        key=lambda row: (-len(row[1]), getattr(row[0], "mentee_count", 0), row[0].user.full_name)
    )
    return ranked[:limit]
