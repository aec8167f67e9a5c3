"""A QI tool's diagram (capstone.diagrams) drawn by reportlab for the A3's PDF: the same
shapes as the page's SVG, scaled to the box and flipped to reportlab's bottom-left origin."""

from reportlab.graphics.shapes import Drawing, Group, PolyLine, Rect, String
from reportlab.lib import colors

from capstone.diagrams.canvas import Diagram

FONTS = {False: "Helvetica", True: "Helvetica-Bold"}


def _shape(shape, height):
    kind = shape["kind"]
    if kind == "rect":
        return [
            Rect(
                shape["x"],
                height - shape["y"] - shape["h"],
                shape["w"],
                shape["h"],
                rx=shape["radius"],
                ry=shape["radius"],
                fillColor=colors.HexColor(shape["fill"]),
                strokeColor=colors.HexColor(shape["stroke"]),
                strokeWidth=1.2,
                strokeDashArray=[5, 4] if shape["dash"] else None,
            )
        ]
    if kind == "line":
        points = [value for x, y in shape["points"] for value in (x, height - y)]
        return [
            PolyLine(
                points, strokeColor=colors.HexColor(shape["stroke"]), strokeWidth=shape["width"]
            )
        ]
    size = shape["size"]
    anchor = shape["anchor"] if shape["anchor"] in ("start", "middle", "end") else "start"
    return [
        String(
            shape["x"],
            height - shape["y"] - index * size * 1.25,
            line,
            fontName=FONTS[shape["bold"]],
            fontSize=size,
            fillColor=colors.HexColor(shape["fill"]),
            textAnchor=anchor,
        )
        for index, line in enumerate(shape["lines"])
    ]


def diagram_drawing(diagram: Diagram, width, max_height) -> Drawing:
    """The diagram as wide as `width` points, or smaller so that it is no taller than
    `max_height`; the drawing keeps the diagram's proportions."""
    scale = min(width / diagram.width, max_height / diagram.height)
    group = Group()
    for shape in diagram.shapes:
        for drawn in _shape(shape, diagram.height):
            group.add(drawn)
    group.scale(scale, scale)
    drawing = Drawing(diagram.width * scale, diagram.height * scale)
    drawing.add(group)
    return drawing
