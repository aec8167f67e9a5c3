"""The structured abstract's first draft (Background, Aim, Methods, Results, Conclusions),
written from the record, and its plain-text export."""

from capstone.documents.a3 import change_words, with_unit
from capstone.models import (
    summarize_wastes,
)


def _join(parts, separator=" "):
    return separator.join(p.strip() for p in parts if p and p.strip())


RULE_WORDS = {
    "anhoej": "the Anhøj rules",
    "ihi": "the IHI run-chart rules",
    "mdc": "NHS England's Making Data Count rules",
}


def _chart_words(measures):
    """ "run charts and control charts (SPC), with the Anhøj rules for signals"."""
    modes = {m.chart_mode for m in measures}
    kinds = []
    if "run" in modes:
        kinds.append("run charts")
    if "control" in modes:
        kinds.append("control charts (SPC)")
    rules = measures[0].chart().rules
    return f"{' and '.join(kinds)}, with {RULE_WORDS[rules]} for signals"


def abstract_prefill(project) -> dict:
    """A first draft of each structured-abstract section, written from the record."""
    team = list(project.team_members.all())
    roles = sorted({m.role for m in team if m.role})
    measures = list(project.measures.all())
    steps = list(project.steps.all())
    wastes = [(label, n) for label, n in summarize_wastes(project.waste_observations.all()) if n]
    ideas = list(project.ideas.all())
    tests = list(project.tests_of_change.all())

    background = _join(
        [
            project.problem_statement,
            f"This matters to patients: {project.why_patients}" if project.why_patients else "",
            f"To staff: {project.why_staff}" if project.why_staff else "",
            f"For cost: {project.why_cost}" if project.why_cost else "",
        ]
    )

    methods = []
    process = project.process[:1].lower() + project.process[1:]
    where = _join([process, f"in {project.department}" if project.department else ""])
    methods.append(
        "Using the Virginia Mason Production System (VMPS), a resident-led team"
        + (f" of {len(team) + 1} ({'; '.join(roles)})" if roles else "")
        + (f" studied {where}." if where else ".")
    )
    if steps or wastes:
        current = "The current state was mapped"
        if steps:
            current += f" ({len(steps)} steps)"
        if wastes:
            current += "; waste observed: " + ", ".join(
                f"{label.lower()} ({n})" for label, n in wastes
            )
        methods.append(current + ".")
    if project.event_first_day and project.event_second_day:
        methods.append(
            f"A two-day event on {project.event_first_day:%-d} and "
            f"{project.event_second_day:%-d %B %Y} generated {len(ideas)} ideas, "
            f"tested in {len(tests)} PDSA cycle{'s' if len(tests) != 1 else ''}."
        )
    if measures:
        by_kind = {}
        for measure in measures:
            by_kind.setdefault(measure.get_kind_display().lower(), []).append(measure.name)
        methods.append(
            "Measures: "
            + "; ".join(f"{kind}: {', '.join(names)}" for kind, names in by_kind.items())
            + f". Baseline and post-event data were compared on {_chart_words(measures)}."
        )
    if project.follow_ups.all():
        methods.append("Follow-ups at 30, 60 and 90 days checked that the change was sustained.")

    results = []
    for measure in measures:
        chart = measure.chart()
        summary, unit = chart.summary, chart.unit
        if summary.has_both:
            signal = (
                "a signal on the chart supports the change"
                if summary.signal
                else "no signal on the chart supports it yet"
            )
            results.append(
                f"{measure.name}: {summary.centre_word} {with_unit(summary.baseline_centre, unit)}"
                f" at baseline (n={summary.baseline_points}) and "
                f"{with_unit(summary.post_centre, unit)} after the event "
                f"(n={summary.post_points}), a change of {change_words(summary, unit)}; "
                f"{signal}."
            )
        if measure.effect_summary:
            results.append(measure.effect_summary)
    results += [project.results_what_changed]
    if project.results_balancing:
        results.append(f"Balancing measures: {project.results_balancing}")

    conclusions = _join(
        [
            project.results_lessons,
            f"Next: {project.results_spread}" if project.results_spread else "",
        ]
    )
    return {
        "title": project.title,
        "background": background,
        "aim": project.aim_sentence,
        "methods": _join(methods),
        "results": _join(results),
        "conclusions": conclusions,
    }


def abstract_text(project, sections: dict) -> str:
    """The abstract as plain text, for download."""
    lines = [sections["title"], ""]
    lead = project.lead.user.full_name
    lines += [lead + (f", {project.program.name}" if project.program_id else ""), ""]
    for name in ("background", "aim", "methods", "results", "conclusions"):
        lines += [name.capitalize(), sections.get(name, "") or "(empty)", ""]
    words = sum(
        len((sections.get(n) or "").split())
        for n in ("background", "aim", "methods", "results", "conclusions")
    )
    lines.append(f"({words} words)")
    return "\n".join(lines) + "\n"
