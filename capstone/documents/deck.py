"""The report-out deck (PPTX): the slides a report-out session shows, written from the story.
Built on the default template's own layouts (title, title and content, title only), so every
slide stays editable in PowerPoint, LibreOffice Impress and Keynote."""

import io

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from capstone.documents.chart import chart_png
from capstone.documents.story import ACT_WORDS

CONTINUED = "(continued in the app)"
TITLE, CONTENT, TITLE_ONLY = 0, 1, 5
TEXT_CAP = 220  # characters of one bullet
CELL_CAP = 90  # characters of one table cell
LIST_CAP = 8  # bullets on one slide
ROW_CAP = 5  # table rows on one slide
TESTS_CAP = 4  # tests of change on their slide: each row holds three texts


def _cap(text, cap=TEXT_CAP):
    text = " ".join(str(text).split())
    if len(text) <= cap:
        return text
    return text[:cap].rsplit(" ", 1)[0] + f"… {CONTINUED}"


def _capped_list(items):
    items = list(items)
    shown = [_cap(item) for item in items[:LIST_CAP]]
    if len(items) > LIST_CAP:
        shown.append(f"… {len(items) - LIST_CAP} more {CONTINUED}")
    return shown


class Deck:
    def __init__(self):
        self.presentation = Presentation()
        # 16:9, the shape of every projector a report-out uses now.
        self.presentation.slide_width = Inches(13.333)
        self.presentation.slide_height = Inches(7.5)
        self.width = self.presentation.slide_width

    def slide(self, layout, title):
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[layout])
        slide.shapes.title.text = _cap(title, 120)
        title_frame = slide.shapes.title.text_frame
        title_frame.paragraphs[0].runs[0].font.size = Pt(32)
        title_frame.paragraphs[0].runs[0].font.bold = True
        if layout != TITLE:
            # The template's title box is sized for 4:3; stretch it across the 16:9 slide.
            shape = slide.shapes.title
            shape.left, shape.top = Inches(0.5), Inches(0.3)
            shape.width, shape.height = self.width - Inches(1), Inches(1.0)
        return slide

    def bullets(self, title, items, *, size=20):
        """A title-and-content slide; `items` are text or (text, level)."""
        slide = self.slide(CONTENT, title)
        body = slide.placeholders[1]
        body.left, body.top = Inches(0.6), Inches(1.4)
        body.width, body.height = self.width - Inches(1.2), Inches(5.7)
        frame = body.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        first = True
        for item in items:
            text, level = item if isinstance(item, tuple) else (item, 0)
            paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            paragraph.text = text
            paragraph.level = level
            for run in paragraph.runs:
                run.font.size = Pt(size - 2 * level)
        return slide

    def table(self, slide, headers, rows, *, top, widths, size=14, row_cap=ROW_CAP):
        rows = [[_cap(cell, CELL_CAP) for cell in row] for row in rows[:row_cap]]
        shape = slide.shapes.add_table(
            len(rows) + 1, len(headers), Inches(0.5), top, self.width - Inches(1), Inches(0.4)
        )
        table = shape.table
        total = self.width - Inches(1)
        for index, share in enumerate(widths):
            table.columns[index].width = Emu(int(total * share))
        for col, header in enumerate(headers):
            table.cell(0, col).text = header
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                table.cell(r, col).text = value
        for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(len(headers))):
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
        return table

    def save(self):
        buffer = io.BytesIO()
        self.presentation.save(buffer)
        return buffer.getvalue()


def _title_slide(deck, story):
    slide = deck.slide(TITLE, story.title)
    people = [f"{name} ({role})" if role else name for name, role in story.team]
    lines = ["Team: " + ", ".join(people)]
    if story.coach:
        lines.append(f"KPO coach: {story.coach}")
    if story.determination:
        # On the title slide: the deck keeps the eight slides of a report-out.
        lines.append(story.determination)
    if story.sponsor:
        lines.append(f"Sponsor: {story.sponsor}")
    where = [story.department] if story.department else []
    if story.event_dates:
        where.append(f"Two-day event: {story.event_dates}")
    if where:
        lines.append(" · ".join(where))
    subtitle = slide.placeholders[1]
    subtitle.text_frame.text = "\n".join(_cap(line, 300) for line in lines)
    subtitle.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for paragraph in subtitle.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    # Every coordinate set: a placeholder given only some of them gets zero for the rest.
    for shape, top, height in ((slide.shapes.title, 1.6, 1.9), (subtitle, 3.7, 2.8)):
        shape.left, shape.width = Inches(0.8), deck.width - Inches(1.6)
        shape.top, shape.height = Inches(top), Inches(height)


def _problem_slide(deck, story):
    items = []
    if story.problem:
        items.append(f"Problem: {story.problem}")
    items += [f"{label}: {text}" for label, text in story.why]
    if story.aim:
        items.append(f"Aim: {story.aim}")
    if story.scope:
        items.append(f"Scope: {story.scope}")
    deck.bullets("The problem and the aim", _capped_list(items) or ["Not recorded yet."])


def _current_slide(deck, story):
    items = []
    if story.process_description:
        items.append(story.process_description)
    for step in story.steps:
        who = f" — {step.performed_by}" if step.performed_by else ""
        minutes = f", {step.minutes.normalize():f} min" if step.minutes is not None else ""
        items.append((f"{step.position}. {step.description}{who}{minutes}", 1))
    if story.wastes:
        items.append("Main wastes: " + ", ".join(f"{label} ({n})" for label, n in story.wastes))
    items += [f"Time observed: {line}" for line in story.time_lines]
    if story.takt_line:
        items.append(f"Takt time: {story.takt_line}")
    shown = [
        (_cap(t), level) if isinstance(t, str) else t
        for t, level in ((i if isinstance(i, tuple) else (i, 0)) for i in items[: LIST_CAP + 4])
    ]
    if len(items) > LIST_CAP + 4:
        shown.append(f"… {len(items) - LIST_CAP - 4} more {CONTINUED}")
    deck.bullets("Current state", shown or ["Not recorded yet."], size=18)


def _target_slide(deck, story):
    items = []
    if story.target_state:
        items.append(f"Target state: {story.target_state}")
    items += [f"5 Whys: {w.question} Because {w.because.rstrip('.')}." for w in story.whys]
    for category, texts in story.causes.items():
        items.append(f"Causes ({category.lower()}): " + "; ".join(texts))
    deck.bullets("Target state and root causes", _capped_list(items) or ["Not recorded yet."])


def _tests_slide(deck, story):
    slide = deck.slide(TITLE_ONLY, "Tests of change (PDSA)")
    if not story.tests:
        deck.table(
            slide,
            ["Tests of change"],
            [["No tests of change recorded yet."]],
            top=Inches(1.5),
            widths=[1],
        )
        return
    rows = [
        [
            test.title if test.title.upper().startswith("PDSA") else f"PDSA {n}: {test.title}",
            test.plan_what,
            " ".join(x for x in (test.what_happened, test.learned) if x) or "—",
            ACT_WORDS[test.act].capitalize(),
        ]
        for n, test in enumerate(story.tests, start=1)
    ]
    deck.table(
        slide,
        ["Test", "Plan", "What happened and what we learned", "Act"],
        rows,
        top=Inches(1.5),
        widths=[0.25, 0.3, 0.35, 0.1],
        size=12,
        row_cap=TESTS_CAP,
    )
    if len(story.tests) > TESTS_CAP:
        _note(deck, slide, f"… {len(story.tests) - TESTS_CAP} more {CONTINUED}")


NOTE_TOP = Inches(6.7)


def _note(deck, slide, text, top=NOTE_TOP):
    box = slide.shapes.add_textbox(Inches(0.5), top, deck.width - Inches(1), Inches(0.6))
    box.text_frame.word_wrap = True
    box.text_frame.text = _cap(text, 400)
    for run in box.text_frame.paragraphs[0].runs:
        run.font.size = Pt(16)


def _chart_slide(deck, story):
    facts = story.key_measure
    slide = deck.slide(TITLE_ONLY, _cap(f"Key measure: {facts.name}", 48))
    width, height = 720, 330  # points, drawn at 3 pixels a point
    picture = io.BytesIO(chart_png(facts.chart, width, height, font=10))
    slide.shapes.add_picture(picture, Inches(1.17), Inches(1.3), width=Inches(11))
    sentence = facts.result_sentence() or (
        f"Baseline {facts.baseline_words()}; post-event: {facts.post_words()}."
    )
    _note(deck, slide, _cap(sentence, 220), top=Inches(6.45))


def _numbers_slide(deck, story):
    slide = deck.slide(TITLE_ONLY, "Before and after")
    rows = [facts.row() for facts in story.measures]
    if rows:
        deck.table(
            slide,
            ["Measure", "Kind", "Baseline", "Post-event", "Change", "Signal"],
            rows,
            top=Inches(1.5),
            widths=[0.25, 0.1, 0.15, 0.15, 0.2, 0.15],
        )
    report = story.report_out
    lines = []
    if report is not None:
        lines += [f"Before: {report.before}", f"After: {report.after}"]
    elif story.what_changed:
        lines.append(f"What changed: {story.what_changed}")
    if len(rows) > ROW_CAP:
        lines.insert(0, f"… {len(rows) - ROW_CAP} more measures {CONTINUED}.")
    if lines or not rows:
        _note(deck, slide, " ".join(lines) or "No measures yet.", top=Inches(6.4))


def _next_slide(deck, story):
    items = [
        f"{item.what} — {item.owner_display or 'no owner'}, due {item.due_on:%-d %b %Y} "
        f"({item.get_status_display().lower()})"
        for item in story.actions
    ]
    items += story.follow_up_lines()
    if story.report_out is not None and story.report_out.next_steps:
        items.append(f"Next steps: {story.report_out.next_steps}")
    if story.spread:
        items.append(f"Spread: {story.spread}")
    deck.bullets("Next steps and follow-ups", _capped_list(items) or ["Not planned yet."])


def deck_pptx(story) -> bytes:
    deck = Deck()
    _title_slide(deck, story)
    _problem_slide(deck, story)
    _current_slide(deck, story)
    _target_slide(deck, story)
    _tests_slide(deck, story)
    if story.key_measure is not None:
        _chart_slide(deck, story)
    _numbers_slide(deck, story)
    _next_slide(deck, story)
    return deck.save()
