"""The structured abstract (SQUIRE 2.0: Background, Aim, Methods, Results, Conclusions): its first
draft written from the project's story, and its downloads as plain text and DOCX."""

import io

from docx import Document
from docx.shared import Pt

from capstone.documents.a3 import as_story

SECTIONS = ("background", "aim", "methods", "results", "conclusions")
HEADINGS = {name: name.capitalize() for name in SECTIONS}
DEFAULT_WORD_LIMIT = 300

WHY_WORDS = {"Why it matters to patients": "This matters to patients"}
RULE_WORDS = {
    "anhoej": "the Anhøj rules",
    "ihi": "the IHI run-chart rules",
    "mdc": "NHS England's Making Data Count rules",
}


def _join(parts, separator=" "):
    return separator.join(p.strip() for p in parts if p and p.strip())


def word_count(sections: dict) -> int:
    """Words in the five sections (the title is not counted, as conferences count)."""
    return sum(len((sections.get(name) or "").split()) for name in SECTIONS)


def _chart_words(measures):
    """ "run charts and control charts (SPC), with the Anhøj rules for signals"."""
    modes = {facts.chart.chart == "run" for facts in measures}
    kinds = []
    if True in modes:
        kinds.append("run charts")
    if False in modes:
        kinds.append("control charts (SPC)")
    return f"{' and '.join(kinds)}, with {RULE_WORDS[measures[0].chart.rules]} for signals"


def abstract_prefill(story_or_project, word_limit=DEFAULT_WORD_LIMIT) -> dict:
    """A first draft of each section, every fact taken from the story."""
    story = as_story(story_or_project)
    project = story.project
    background = _join(
        [story.problem] + [f"{WHY_WORDS.get(label, label)}: {text}" for label, text in story.why]
    )

    methods = []
    process = project.process[:1].lower() + project.process[1:]
    where = _join([process, f"in {story.department}" if story.department else ""])
    team_size = len(story.team)
    roles = sorted({role for _, role in story.team[1:] if role})
    methods.append(
        "Using the Virginia Mason Production System (VMPS), a resident-led team"
        + (f" of {team_size} ({'; '.join(roles)})" if roles else "")
        + (f" studied {where}." if where else ".")
    )
    if story.steps or story.wastes:
        current = "The current state was mapped"
        if story.steps:
            current += f" ({len(story.steps)} steps)"
        if story.wastes:
            current += "; waste observed: " + ", ".join(
                f"{label.lower()} ({n})" for label, n in story.wastes
            )
        methods.append(current + ".")
    held = project.event_second_day and project.event_second_day <= story.generated_on
    if story.event_dates and held:
        tests = len(story.tests)
        kept = len(story.countermeasures)
        adopted = f", of which {kept} {'was' if kept == 1 else 'were'} adopted or adapted"
        methods.append(
            f"A two-day event on {story.event_dates} generated {len(story.ideas)} "
            f"idea{'s' if len(story.ideas) != 1 else ''}, tested in {tests} PDSA "
            f"cycle{'s' if tests != 1 else ''}{adopted if kept else ''}."
        )
    elif story.event_dates:
        methods.append(f"A two-day event is planned for {story.event_dates}.")
    if story.measures:
        by_kind = {}
        for facts in story.measures:
            by_kind.setdefault(facts.kind.lower(), []).append(
                facts.name + (f" ({facts.unit})" if facts.unit else "")
            )
        methods.append(
            "Measures: "
            + "; ".join(f"{kind}: {', '.join(names)}" for kind, names in by_kind.items())
            + f". Baseline and post-event data were compared on {_chart_words(story.measures)}."
        )

    # Results, most important first; optional sentences go first when the draft is too long.
    results = [
        (facts.result_sentence(), facts.measure.kind == "balancing") for facts in story.measures
    ]
    results += [(story.what_changed, False), (story.follow_ups_held_sentence(), False)]
    if story.balancing:
        results.append((f"Balancing measures: {story.balancing}", True))
    results += [(facts.measure.effect_summary, True) for facts in story.measures]

    conclusions = _join([story.lessons, f"Next: {story.spread}" if story.spread else ""])
    sections = {
        "title": story.title,
        "background": background,
        "aim": story.aim,
        "methods": _join(methods),
        "results": _join(text for text, _ in results),
        "conclusions": conclusions,
    }
    # Over the limit: leave out the optional results (balancing measures, each measure's own
    # note) from the last, then it is the resident's to shorten.
    optional = [i for i, (_, spare) in enumerate(results) if spare]
    while optional and word_count(sections) > word_limit:
        results[optional.pop()] = ("", True)
        sections["results"] = _join(text for text, _ in results)
    return sections


def _byline(story):
    project = story.project
    return story.lead + (f", {project.program.name}" if project.program_id else "")


def count_words(sections, word_limit):
    words = word_count(sections)
    over = f", {words - word_limit} over the limit" if words > word_limit else ""
    return f"{words} of {word_limit} words{over}"


def abstract_text(story_or_project, sections: dict, word_limit=DEFAULT_WORD_LIMIT) -> str:
    """The abstract as plain text, for download."""
    story = as_story(story_or_project)
    lines = [sections["title"], "", _byline(story), ""]
    for name in SECTIONS:
        lines += [HEADINGS[name], sections.get(name, "") or "(empty)", ""]
    if story.determination:
        lines += [story.determination, ""]
    lines.append(f"({count_words(sections, word_limit)})")
    return "\n".join(lines) + "\n"


def abstract_docx(story_or_project, sections: dict, word_limit=DEFAULT_WORD_LIMIT) -> bytes:
    """The abstract as a Word document: the title, the byline, one heading per section."""
    story = as_story(story_or_project)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    document.core_properties.title = sections["title"]
    document.core_properties.author = story.lead
    document.core_properties.subject = "Structured abstract (SQUIRE 2.0)"
    document.add_heading(sections["title"], level=1)
    document.add_paragraph().add_run(_byline(story)).italic = True
    for name in SECTIONS:
        document.add_heading(HEADINGS[name], level=2)
        document.add_paragraph(sections.get(name, "") or "(empty)")
    if story.determination:
        document.add_paragraph(story.determination)
    count = document.add_paragraph(f"({count_words(sections, word_limit)})")
    count.runs[0].font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
