"""The A3 as a PDF: one landscape A3 page (more if the record is long), a title band, then
the boxes in two columns."""

import io
from xml.sax.saxutils import escape

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

from capstone.documents.a3 import OVERDUE, A3Content
from pathway.limits import LONG_TEXT

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
    """Escape for reportlab's paragraph markup, keeping line breaks. Bounded: laying out a
    paragraph takes time that grows with the square of its length (old rows may predate the
    fields' max_length)."""
    text = str(value)
    if len(text) > LONG_TEXT:
        text = text[:LONG_TEXT] + " …"
    return escape(text).replace("\n", "<br/>")


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
