"""The conference poster (PDF, 48 × 36 in landscape): the A3's story in four columns, read left
to right, with the key measure's chart large in the third."""

from reportlab.lib.units import inch

from capstone.documents.a3 import (
    A3Section,
    analysis_box,
    background_box,
    countermeasures_box,
    current_box,
    goal_box,
    lessons_box,
    plan_box,
    results_box,
)
from capstone.documents.pdf import POSTER_LOOKS, footer_line, meta_line, render

POSTER_SIZE = (48 * inch, 36 * inch)


def team_box(story):
    box = A3Section("team", "Team", "", sources=("team",))
    box.bullets(f"{name} ({role})" if role else name for name, role in story.team)
    if story.coach:
        box.paragraph("KPO coach", story.coach)
    if story.sponsor:
        box.paragraph("Sponsor", story.sponsor)
    return box


def poster_columns(story):
    return [
        [background_box(story), goal_box(story), team_box(story)],
        [current_box(story), analysis_box(story)],
        [results_box(story)],
        [countermeasures_box(story), plan_box(story), lessons_box(story)],
    ]


def poster_pdf(story) -> bytes:
    return render(
        page_size=POSTER_SIZE,
        looks=POSTER_LOOKS,
        title=story.title,
        meta=meta_line(story),
        footer=footer_line(story),
        columns=poster_columns(story),
        info={"title": story.title, "author": story.lead, "subject": "Capstone QI poster"},
    )
