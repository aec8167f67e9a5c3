"""PDF pages made of boxes: the A3 (one landscape A3 page) and the poster (48 × 36 in).

Each column of boxes fills its height: a box grows to share the space left over, and when the
record is longer than the page, each box gets a fair share and what does not fit is cut with a
visible "(continued in the app)". The page is always one page, always full."""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from capstone.documents.a3 import OVERDUE
from capstone.documents.chart import chart_drawing
from capstone.documents.diagram import diagram_drawing

BRAND = colors.HexColor("#0b5563")
BORDER = colors.HexColor("#b8c4c8")
MUTED = colors.HexColor("#555555")
CONTINUED = "(continued in the app)"


@dataclass(frozen=True)
class Look:
    """The sizes of one kind of page, all in points."""

    body: float  # body text size
    title: float
    margin: float
    gap: float  # between columns and boxes
    text_cap: int  # characters of one paragraph before it is cut
    list_cap: int  # bullets or table rows before the rest is cut
    chart_ratio: float  # chart height ÷ box width
    chart_font: float = 0.95  # chart text ÷ body text

    def style(self, name):
        size = self.body
        base = {"fontName": "Helvetica", "fontSize": size, "leading": size * 1.25}
        styles = {
            "body": base,
            "bullet": {
                **base,
                "leftIndent": size * 1.2,
                "bulletIndent": size * 0.2,
                "bulletFontSize": size,
            },
            "cell": {**base, "fontSize": size * 0.9, "leading": size * 1.1},
            "cellhead": {
                **base,
                "fontName": "Helvetica-Bold",
                "fontSize": size * 0.9,
                "leading": size * 1.1,
            },
            "alert": {
                **base,
                "fontName": "Helvetica-Bold",
                "fontSize": size * 0.9,
                "leading": size * 1.1,
                "textColor": colors.HexColor("#b42318"),
            },
            "empty": {**base, "fontName": "Helvetica-Oblique", "textColor": MUTED},
            "more": {**base, "fontName": "Helvetica-Oblique", "textColor": BRAND},
            "heading": {
                **base,
                "fontName": "Helvetica-Bold",
                "fontSize": size * 1.2,
                "leading": size * 1.4,
                "textColor": colors.white,
            },
            "title": {
                "fontName": "Helvetica-Bold",
                "fontSize": self.title,
                "leading": self.title * 1.2,
            },
            "meta": {**base, "fontSize": size * 1.05, "textColor": MUTED},
        }
        return ParagraphStyle(name, **styles[name])


# Largest first: the page takes the largest text at which the whole record fits.
A3_LOOKS = tuple(
    Look(
        body=size, title=19, margin=9 * mm, gap=3.2 * mm, text_cap=700, list_cap=8, chart_ratio=0.4
    )
    for size in (11, 10, 9.2, 8.6)
)
POSTER_LOOKS = tuple(
    Look(
        body=size,
        title=110,
        margin=0.9 * inch,
        gap=0.45 * inch,
        text_cap=900,
        list_cap=10,
        chart_ratio=1.0,
        chart_font=0.7,
    )
    for size in (34, 30, 27, 25)
)


# More than any box of the A3 or the poster shows at its smallest text size: the rest is cut
# anyway, with "(continued in the app)". Laying out a paragraph takes time that grows with the
# square of its length, so a record at every field's maximum (LONG_TEXT) stays well under 2 s.
PARAGRAPH_CAP = 4_000


def _text(value):
    """Escape for reportlab's paragraph markup, keeping line breaks, bounded to PARAGRAPH_CAP."""
    text = str(value)
    if len(text) > PARAGRAPH_CAP:
        text = text[:PARAGRAPH_CAP] + " …"
    return escape(text).replace("\n", "<br/>")


def _capped(text, cap):
    text = str(text)
    if len(text) <= cap:
        return _text(text)
    cut = text[:cap].rsplit(" ", 1)[0] if " " in text[:cap] else text[:cap]
    return f"{_text(cut)}… <i>{CONTINUED}</i>"


def _more(look, hidden):
    return Paragraph(f"… {hidden} more {CONTINUED}", look.style("more"))


def block_flowables(block, width, look):
    """One block of a box as flowables, long lists and texts already capped."""
    cap = look.text_cap
    if block["type"] == "p":
        prefix = f"<b>{_text(block['label'])}:</b> " if block["label"] else ""
        return [Paragraph(prefix + _capped(block["text"], cap), look.style("body"))]
    if block["type"] == "ul":
        items = block["items"]
        out = [
            Paragraph(_capped(text, cap), look.style("bullet"), bulletText="•")
            for text in items[: look.list_cap]
        ]
        if len(items) > look.list_cap:
            out.append(_more(look, len(items) - look.list_cap))
        return out
    if block["type"] == "diagram":
        # A tall diagram (many drivers or causes) shrinks to stay within a chart's height.
        return [diagram_drawing(block["diagram"], width, width * look.chart_ratio * 1.5)]
    if block["type"] == "chart":
        height = width * look.chart_ratio
        return [
            chart_drawing(block["facts"].chart, width, height, font=look.body * look.chart_font)
        ]
    headers, rows = block["headers"], block["rows"]
    data = [[Paragraph(_text(h), look.style("cellhead")) for h in headers]]
    data += [
        [
            Paragraph(
                _capped(cell, cap // 2),
                look.style("alert" if str(cell).endswith(OVERDUE) else "cell"),
            )
            for cell in row
        ]
        for row in rows[: look.list_cap]
    ]
    table = Table(data, colWidths=_column_widths(headers, width), repeatRows=1)
    pad = look.body * 0.2
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, BORDER),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3f1f3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    out = [table]
    if len(rows) > look.list_cap:
        out.append(_more(look, len(rows) - look.list_cap))
    return out


def _column_widths(headers, width):
    if headers and headers[0] == "#":
        narrow = width * 0.05
        return [narrow, width * 0.52, width * 0.24, width * 0.19]
    first = width * (0.4 if len(headers) > 4 else 0.31)  # room for "Post-event" on a poster
    other = (width - first) / (len(headers) - 1)
    return [first] + [other] * (len(headers) - 1)


def section_flowables(section, width, look):
    if section.is_empty:
        return [Paragraph(_text(section.empty), look.style("empty"))]
    flowables = []
    for block in section.blocks:
        if flowables:
            flowables.append(Spacer(1, look.body * 0.35))
        flowables += block_flowables(block, width, look)
    return flowables


def fit(flowables, width, height):
    """The flowables (with their heights) that fit in width × height, the one crossing the
    bottom split where it can; and whether anything was left out."""
    placed, used = [], 0.0
    for flowable in flowables:
        room = height - used
        _, h = flowable.wrap(width, max(room, 0))
        if h <= room + 0.01:
            placed.append((flowable, h))
            used += h
            continue
        if isinstance(flowable, Spacer):
            return placed, True
        parts = flowable.split(width, room) if room > 0 else []
        if parts:
            _, h = parts[0].wrap(width, room)
            if h <= room + 0.01:
                placed.append((parts[0], h))
        return placed, True
    return placed, False


class Box:
    """A section laid out for a column `width` wide: its natural height and its minimum."""

    def __init__(self, section, width, look):
        self.section, self.width, self.look = section, width, look
        self.heading = look.body * 2.0
        self.pad = look.body * 0.6
        self.inner = width - 2 * self.pad
        self.flowables = section_flowables(section, self.inner, look)
        content = sum(f.wrap(self.inner, 1e6)[1] for f in self.flowables)
        self.natural = self.heading + 2 * self.pad + content
        has_chart = any(block["type"] in ("chart", "diagram") for block in section.blocks)
        chart = self.inner * look.chart_ratio if has_chart else 0
        self.minimum = min(self.natural, self.heading + 2 * self.pad + chart + look.body * 4)

    def draw(self, canvas, x, top, height):
        look = self.look
        canvas.setStrokeColor(BORDER)
        canvas.setLineWidth(0.8)
        canvas.rect(x, top - height, self.width, height, stroke=1, fill=0)
        canvas.setFillColor(BRAND)
        canvas.rect(x, top - self.heading, self.width, self.heading, stroke=0, fill=1)
        heading = Paragraph(_text(self.section.heading), look.style("heading"))
        heading.wrap(self.inner, self.heading)
        heading.drawOn(canvas, x + self.pad, top - self.heading + look.body * 0.45)
        room = height - self.heading - 2 * self.pad
        placed, cut = fit(self.flowables, self.inner, room)
        marker = look.style("more")
        if cut:
            placed, cut = fit(self.flowables, self.inner, room - marker.leading * 1.2)
        y = top - self.heading - self.pad
        for flowable, h in placed:
            flowable.drawOn(canvas, x + self.pad, y - h)
            y -= h
        if cut:
            canvas.setFont("Helvetica-Oblique", marker.fontSize)
            canvas.setFillColor(BRAND)
            canvas.drawRightString(
                x + self.width - self.pad, top - height + self.pad, f"… {CONTINUED}"
            )


def share(boxes, available):
    """Each box's height: all grow alike when there is room; otherwise the long ones share
    what is left after the short ones take what they need (water filling)."""
    naturals = [b.natural for b in boxes]
    if sum(naturals) <= available:
        extra = (available - sum(naturals)) / len(boxes)
        return [n + extra for n in naturals]
    low, high = 0.0, available
    for _ in range(40):
        level = (low + high) / 2
        total = sum(min(b.natural, max(b.minimum, level)) for b in boxes)
        low, high = (level, high) if total <= available else (low, level)
    return [min(b.natural, max(b.minimum, low)) for b in boxes]


def _band(look, width, title, meta):
    """The title band's paragraphs and the height they take."""
    paragraphs = [Paragraph(_text(title), look.style("title"))]
    if meta:
        paragraphs.append(Paragraph(_text(meta), look.style("meta")))
    heights = [p.wrap(width, 1e6)[1] for p in paragraphs]
    return paragraphs, heights, look.body * 1.5 + sum(h + look.body * 0.3 for h in heights)


def _plan(page_size, look, title, meta, columns):
    """Boxes and heights for every column with this look; and whether everything fits whole."""
    width, height = page_size
    margin, gap = look.margin, look.gap
    band = _band(look, width - 2 * margin, title, meta)
    top = height - margin - band[2]
    bottom = margin + look.style("meta").leading * 1.3
    column_width = (width - 2 * margin - gap * (len(columns) - 1)) / len(columns)
    plan, whole = [], True
    for sections in columns:
        boxes = [Box(section, column_width, look) for section in sections]
        available = top - bottom - gap * (len(boxes) - 1)
        whole = whole and sum(b.natural for b in boxes) <= available
        plan.append((boxes, share(boxes, available)))
    return band, top, column_width, plan, whole


def render(*, page_size, looks, title, meta, footer, columns, info):
    """One page: the title band, then each column of sections filling the page's height, in
    the largest of `looks` (largest first) at which everything fits whole, else the smallest."""
    for look in looks:
        band, top, column_width, plan, whole = _plan(page_size, look, title, meta, columns)
        if whole:
            break
    buffer = io.BytesIO()
    width, height = page_size
    canvas = Canvas(buffer, pagesize=page_size)
    canvas.setTitle(info["title"])
    canvas.setAuthor(info["author"])
    canvas.setSubject(info["subject"])
    canvas.setCreator("QI Pathway")
    margin = look.margin
    y = height - margin
    canvas.setFillColor(BRAND)
    canvas.rect(margin, y - look.body * 0.4, width - 2 * margin, look.body * 0.4, stroke=0, fill=1)
    y -= look.body * 1.0
    for paragraph, h in zip(band[0], band[1], strict=True):
        paragraph.drawOn(canvas, margin, y - h)
        y -= h + look.body * 0.3
    footer_style = look.style("meta")
    canvas.setFont("Helvetica", footer_style.fontSize * 0.9)
    canvas.setFillColor(MUTED)
    canvas.drawString(margin, margin, footer)
    for index, (boxes, heights) in enumerate(plan):
        x = margin + index * (column_width + look.gap)
        y = top
        for box, box_height in zip(boxes, heights, strict=True):
            box.draw(canvas, x, y, box_height)
            y -= box_height + look.gap
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def meta_line(story):
    parts = [f"Lead: {story.lead}"]
    if story.coach:
        parts.append(f"KPO coach: {story.coach}")
    if story.sponsor:
        parts.append(f"Sponsor: {story.sponsor}")
    if story.department:
        parts.append(story.department)
    if story.event_dates:
        parts.append(f"Two-day event: {story.event_dates}")
    parts.append(f"Stage: {story.project.get_stage_display()}")
    return "  ·  ".join(parts)


def footer_line(story):
    parts = [f"Generated {story.generated_on:%-d %B %Y} from the QI Pathway record"]
    if story.determination:
        parts.append(story.determination)
    return "  ·  ".join(parts)


def a3_pdf(content) -> bytes:
    """One landscape A3 page, full: the title band, then the two halves of the A3."""
    story = content.story
    return render(
        page_size=landscape(A3),
        looks=A3_LOOKS,
        title=f"A3: {story.title}",
        meta=meta_line(story),
        footer=footer_line(story),
        columns=[content.left, content.right],
        info={"title": f"A3: {story.title}", "author": story.lead, "subject": "Capstone A3"},
    )
