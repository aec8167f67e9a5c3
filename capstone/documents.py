"""Documents generated from the project record, with no retyping: the A3 (as a printable page
and as a PDF) and the structured abstract's first draft.

`a3_content` gathers the A3 once; the HTML template and the PDF both render that content."""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from capstone.models import (
    FishboneCategory,
    Idea,
    Measure,
    Project,
    TestOfChange,
    summarize_wastes,
)

OVERDUE = " — overdue"


@dataclass
class A3Section:
    """One box of the A3: blocks in reading order, each a paragraph, a list or a table."""

    key: str
    heading: str
    empty: str  # shown when the section has nothing yet
    blocks: list = field(default_factory=list)

    def paragraph(self, label, text):
        self.blocks.append({"type": "p", "label": label, "text": text})

    def bullets(self, items):
        items = list(items)
        if items:
            self.blocks.append({"type": "ul", "items": items})

    def table(self, headers, rows):
        if rows:
            self.blocks.append({"type": "table", "headers": headers, "rows": rows})

    @property
    def is_empty(self):
        return not self.blocks


@dataclass
class A3Content:
    project: Project
    generated_on: object
    left: list  # sections in the left column, in reading order
    right: list

    @property
    def sections(self):
        return self.left + self.right


def _number(value, places=1):
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_unit(value, unit):
    if value is None:
        return "—"
    return f"{_number(value)}{unit}" if unit.strip() == "%" else f"{_number(value)} {unit}".strip()


def load_for_documents(project_id, queryset=None) -> Project:
    """The project with everything the A3 and the abstract read, in a fixed number of queries."""
    queryset = queryset if queryset is not None else Project.objects.all()
    return (
        queryset.select_related("lead__user", "coach", "sponsor", "program", "report_out")
        .prefetch_related(
            "co_leads",
            "team_members__user",
            "steps",
            "waste_observations",
            "time_observations",
            "why_steps",
            "causes",
            Prefetch("ideas", queryset=Idea.objects.prefetch_related("tests")),
            Prefetch("tests_of_change", queryset=TestOfChange.objects.prefetch_related("ideas")),
            "action_items__owner",
            "follow_ups",
            Prefetch("measures", queryset=Measure.objects.prefetch_related("data_points")),
            "presentations",
            "abstracts",
            "publications",
        )
        .get(pk=project_id)
    )


def adopted_ideas(project):
    """Ideas whose tests of change ended in Adopt or Adapt: the countermeasures."""
    return [
        idea
        for idea in project.ideas.all()
        if any(test.act in ("adopt", "adapt") for test in idea.tests.all())
    ]


def measure_rows(project):
    rows = []
    for measure in project.measures.all():
        summary = measure.phase_summary()
        rows.append(
            [
                measure.name,
                measure.get_kind_display(),
                f"{_with_unit(summary.baseline_median, measure.unit)}"
                f" (n={summary.baseline_points})",
                f"{_with_unit(summary.post_event_median, measure.unit)}"
                f" (n={summary.post_event_points})",
            ]
        )
    return rows


def a3_content(project) -> A3Content:
    """The A3's seven boxes, from the record. `project` should come from load_for_documents."""
    background = A3Section("background", "Background", "No problem statement yet.")
    if project.problem_statement:
        background.paragraph("Problem", project.problem_statement)
    for label, text in (
        ("Why it matters to patients", project.why_patients),
        ("To staff", project.why_staff),
        ("For cost", project.why_cost),
    ):
        if text:
            background.paragraph(label, text)
    if project.origin:
        origin = project.get_origin_display()
        if project.origin_detail:
            origin += f" ({project.origin_detail})"
        background.paragraph("Origin", origin)

    current = A3Section("current", "Current condition", "The current state is not recorded yet.")
    if project.process_description:
        current.paragraph("", project.process_description)
    current.table(
        ["#", "Step", "Who", "Minutes"],
        [
            [str(s.position), s.description, s.performed_by or "—", _number(s.minutes)]
            for s in project.steps.all()
        ],
    )
    current.bullets(
        f"{t.step}: mean {_number(t.mean)} min, median {_number(t.median)} min, range "
        f"{_number(t.minimum)}–{_number(t.maximum)} min ({t.count} observations)"
        for t in project.time_observations.all()
    )
    if project.takt_time_minutes:
        current.paragraph(
            "Takt time",
            f"{_number(project.takt_time_minutes)} minutes "
            f"({_number(project.takt_available_minutes, 0)} available minutes a day ÷ "
            f"{_number(project.takt_demand)} {project.takt_demand_unit or 'units'} a day)",
        )

    goal = A3Section("goal", "Goal", "No aim yet.")
    if project.aim_sentence:
        goal.paragraph("Aim", project.aim_sentence)
    if project.scope_first_step or project.scope_last_step:
        goal.paragraph(
            "Scope",
            f"From “{project.scope_first_step or '?'}” to “{project.scope_last_step or '?'}”",
        )
    if project.target_state:
        goal.paragraph("Target state", project.target_state)

    analysis = A3Section("analysis", "Analysis", "No analysis yet.")
    whys = list(project.why_steps.all())
    if whys:
        analysis.paragraph("5 Whys", "")
        analysis.bullets(f"Why {w.why.rstrip('?')}? Because {w.because}." for w in whys)
    wastes = [(label, n) for label, n in summarize_wastes(project.waste_observations.all()) if n]
    if wastes:
        analysis.paragraph("Waste observed", ", ".join(f"{label} ({n})" for label, n in wastes))
    causes = {}
    for cause in project.causes.all():
        causes.setdefault(FishboneCategory(cause.category).label, []).append(cause.text)
    for category, texts in causes.items():
        analysis.paragraph(f"Causes: {category}", "; ".join(texts))

    countermeasures = A3Section("countermeasures", "Countermeasures", "No change adopted yet.")
    countermeasures.bullets(
        idea.idea
        + (f" (waste addressed: {idea.get_waste_display().lower()})" if idea.waste else "")
        for idea in adopted_ideas(project)
    )

    plan = A3Section("plan", "Plan", "No action plan yet.")
    today = timezone.localdate()
    plan.table(
        ["Action", "Owner", "Due", "Status"],
        [
            [
                item.what,
                item.owner_display or "—",
                f"{item.due_on:%-d %b %Y}",
                item.get_status_display() + (OVERDUE if item.is_overdue(today) else ""),
            ]
            for item in project.action_items.all()
        ],
    )

    follow_up = A3Section("follow_up", "Follow-up", "No follow-ups or measures yet.")
    lines = []
    for item in project.follow_ups.all():
        if item.held_on:
            status = f"held {item.held_on:%-d %b %Y}"
            if item.sustained:
                status += f"; sustained: {item.get_sustained_display().lower()}"
        else:
            status = f"due {item.due_on:%-d %b %Y}"
        lines.append(f"{item.day}-day follow-up: {status}")
    follow_up.bullets(lines)
    follow_up.table(
        ["Measure", "Kind", "Baseline median", "Post-event median"], measure_rows(project)
    )

    return A3Content(
        project=project,
        generated_on=today,
        left=[background, current, goal, analysis],
        right=[countermeasures, plan, follow_up],
    )


# --- PDF -----------------------------------------------------------------------------------

BRAND = colors.HexColor("#0b5563")
STYLES = {
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24),
    "meta": ParagraphStyle(
        "meta", fontName="Helvetica", fontSize=10, leading=13, textColor=colors.HexColor("#444444")
    ),
    "heading": ParagraphStyle(
        "heading",
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=15,
        textColor=colors.white,
        backColor=BRAND,
        borderPadding=(3, 5, 3, 5),
        spaceBefore=10,
        spaceAfter=7,
    ),
    "body": ParagraphStyle(
        "body", fontName="Helvetica", fontSize=10, leading=12.6, alignment=TA_LEFT, spaceAfter=3
    ),
    "bullet": ParagraphStyle(
        "bullet",
        fontName="Helvetica",
        fontSize=10,
        leading=12.6,
        leftIndent=12,
        bulletIndent=2,
        spaceAfter=1.5,
    ),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11),
    "alert": ParagraphStyle(
        "alert",
        fontName="Helvetica-Bold",
        fontSize=9,
        leading=11,
        textColor=colors.HexColor("#b42318"),
    ),
    "cellhead": ParagraphStyle("cellhead", fontName="Helvetica-Bold", fontSize=9, leading=11),
    "empty": ParagraphStyle(
        "empty",
        fontName="Helvetica-Oblique",
        fontSize=10,
        leading=12.6,
        textColor=colors.HexColor("#777777"),
    ),
}


def _text(value):
    """Escape for reportlab's paragraph markup, keeping line breaks."""
    return escape(str(value)).replace("\n", "<br/>")


def _section_flowables(section, width):
    flowables = [Paragraph(_text(section.heading), STYLES["heading"])]
    if section.is_empty:
        flowables.append(Paragraph(_text(section.empty), STYLES["empty"]))
        return flowables
    for block in section.blocks:
        if block["type"] == "p":
            prefix = f"<b>{_text(block['label'])}:</b> " if block["label"] else ""
            flowables.append(Paragraph(prefix + _text(block["text"]), STYLES["body"]))
        elif block["type"] == "ul":
            for text in block["items"]:
                flowables.append(Paragraph(_text(text), STYLES["bullet"], bulletText="•"))
        else:
            headers, rows = block["headers"], block["rows"]
            data = [[Paragraph(_text(h), STYLES["cellhead"]) for h in headers]]
            data += [
                [
                    Paragraph(
                        _text(cell), STYLES["alert" if str(cell).endswith(OVERDUE) else "cell"]
                    )
                    for cell in row
                ]
                for row in rows
            ]
            table = Table(data, colWidths=_column_widths(headers, width), repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c4c8")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3f1f3")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            flowables += [Spacer(1, 2), table, Spacer(1, 4)]
    return flowables


def _column_widths(headers, width):
    if headers and headers[0] == "#":
        rest = width - 8 * mm - 42 * mm - 20 * mm
        return [8 * mm, rest, 42 * mm, 20 * mm]
    first = width * 0.4
    other = (width - first) / (len(headers) - 1)
    return [first] + [other] * (len(headers) - 1)


def a3_pdf(content: A3Content) -> bytes:
    """One landscape A3 page (more if the record is long): title band, then two columns."""
    project = content.project
    buffer = io.BytesIO()
    page_width, page_height = landscape(A3)
    margin = 12 * mm
    band = 24 * mm
    gutter = 8 * mm
    column = (page_width - 2 * margin - gutter) / 2
    height = page_height - 2 * margin - band
    frames = [
        Frame(margin, margin, column, height, id="left", showBoundary=0),
        Frame(margin + column + gutter, margin, column, height, id="right", showBoundary=0),
    ]

    lead = project.lead.user.display_name
    meta = [f"Lead: {lead}"]
    if project.coach_id:
        meta.append(f"KPO coach: {project.coach.display_name}")
    if project.sponsor_id:
        meta.append(f"Sponsor: {project.sponsor.display_name}")
    if project.department:
        meta.append(project.department)
    meta.append(f"Stage: {project.get_stage_display()}")
    meta.append(f"Generated {content.generated_on:%-d %B %Y} from the QI Pathway record")

    def draw_band(canvas, doc):
        canvas.saveState()
        top = page_height - margin
        canvas.setFillColor(BRAND)
        canvas.rect(margin, top - 3, page_width - 2 * margin, 3, stroke=0, fill=1)
        title = Paragraph(_text(f"A3: {project.title}"), STYLES["title"])
        title.wrapOn(canvas, page_width - 2 * margin, band)
        title.drawOn(canvas, margin, top - 8 - title.height)
        line = Paragraph(_text("  ·  ".join(meta)), STYLES["meta"])
        line.wrapOn(canvas, page_width - 2 * margin, band)
        line.drawOn(canvas, margin, top - 10 - title.height - line.height)
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawRightString(page_width - margin, margin / 2, f"Page {doc.page}")
        canvas.restoreState()

    document = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin + band,
        bottomMargin=margin,
        title=f"A3: {project.title}",
        author=lead,
        subject="Capstone QI project A3",
        creator="QI Pathway",
    )
    document.addPageTemplates([PageTemplate(id="a3", frames=frames, onPage=draw_band)])
    story = []
    for section in content.left:
        story.append(KeepTogether(_section_flowables(section, column)))
    story.append(FrameBreak())
    for section in content.right:
        story.append(KeepTogether(_section_flowables(section, column)))
    document.build(story)
    return buffer.getvalue()


# --- Abstract ------------------------------------------------------------------------------


def _join(parts, separator=" "):
    return separator.join(p.strip() for p in parts if p and p.strip())


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
            + ". Baseline and post-event data were compared on run charts."
        )
    if project.follow_ups.all():
        methods.append("Follow-ups at 30, 60 and 90 days checked that the change was sustained.")

    results = []
    for measure in measures:
        summary = measure.phase_summary()
        if summary.baseline_points and summary.post_event_points:
            results.append(
                f"{measure.name}: median {_with_unit(summary.baseline_median, measure.unit)} "
                f"at baseline (n={summary.baseline_points}) and "
                f"{_with_unit(summary.post_event_median, measure.unit)} after the event "
                f"(n={summary.post_event_points})."
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
