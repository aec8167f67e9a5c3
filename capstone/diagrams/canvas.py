"""Shapes on a page of a given size (origin top-left, units are CSS pixels) and their SVG.

Every caller-supplied string goes through the kernel's `esc`, attributes included."""

import textwrap
from dataclasses import dataclass, field

from pathway.core.svg import esc

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1f2933"
MUTED = "#52606d"
LINE = "#7b8794"
# An average glyph is a little over half the font size wide in a sans-serif font.
GLYPH = 0.53


def wrap(text, width, size, max_lines=4) -> list[str]:
    """The text broken into lines that fit `width` at font `size`; past `max_lines` the last
    line ends with "…" (the whole text is in the table view and the shape's tooltip)."""
    per_line = max(4, int(width / (size * GLYPH)))
    lines = textwrap.wrap(str(text), per_line, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines


@dataclass
class Diagram:
    width: float
    height: float
    title: str
    desc: str
    shapes: list = field(default_factory=list)

    def rect(
        self, x, y, w, h, *, fill="#ffffff", stroke=LINE, dash=False, tip="", cls="", radius=6
    ):
        self.shapes.append(
            {"kind": "rect", "x": x, "y": y, "w": w, "h": h, "fill": fill, "stroke": stroke}
            | {"dash": dash, "tip": tip, "cls": cls, "radius": radius}
        )

    def line(self, points, *, stroke=LINE, width=1.5, arrow=False):
        self.shapes.append(
            {"kind": "line", "points": points, "stroke": stroke, "width": width, "arrow": arrow}
        )

    def text(self, x, y, lines, *, size=13, anchor="start", bold=False, fill=INK):
        """Lines of text; `y` is the first line's baseline."""
        lines = [lines] if isinstance(lines, str) else list(lines)
        self.shapes.append(
            {"kind": "text", "x": x, "y": y, "lines": lines, "size": size, "anchor": anchor}
            | {"bold": bold, "fill": fill}
        )

    def boxed_text(self, x, y, w, lines, *, size=13, pad=8, bold=False, **rect):
        """A box around centred lines; returns its height."""
        h = len(lines) * size * 1.25 + 2 * pad
        self.rect(x, y, w, h, **rect)
        self.text(x + w / 2, y + pad + size, lines, size=size, anchor="middle", bold=bold)
        return h


def _n(value) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape, ident) -> str:
    kind = shape["kind"]
    if kind == "rect":
        dash = ' stroke-dasharray="5 4"' if shape["dash"] else ""
        cls = f' class="{esc(shape["cls"])}"' if shape["cls"] else ""
        tip = f"<title>{esc(shape['tip'])}</title>" if shape["tip"] else ""
        return (
            f'<rect{cls} x="{_n(shape["x"])}" y="{_n(shape["y"])}" width="{_n(shape["w"])}" '
            f'height="{_n(shape["h"])}" rx="{_n(shape["radius"])}" fill="{esc(shape["fill"])}" '
            f'stroke="{esc(shape["stroke"])}" stroke-width="1.2"{dash}>{tip}</rect>'
        )
    if kind == "line":
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape["points"])
        marker = f' marker-end="url(#{ident}-arrow)"' if shape["arrow"] else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{esc(shape["stroke"])}" '
            f'stroke-width="{_n(shape["width"])}"{marker}/>'
        )
    size = shape["size"]
    weight = ' font-weight="600"' if shape["bold"] else ""
    spans = "".join(
        f'<tspan x="{_n(shape["x"])}" dy="{_n(0 if i == 0 else size * 1.25)}">{esc(line)}</tspan>'
        for i, line in enumerate(shape["lines"])
    )
    return (
        f'<text x="{_n(shape["x"])}" y="{_n(shape["y"])}" font-size="{_n(size)}" '
        f'text-anchor="{esc(shape["anchor"])}" fill="{esc(shape["fill"])}"{weight}>{spans}</text>'
    )


def to_svg(diagram: Diagram, *, ident: str, css_class="qi-diagram") -> str:
    """A standalone, accessible SVG: role="img" with a title and a description. `ident`
    keeps the ids apart when several diagrams share a page (the A3)."""
    body = "\n".join(_svg_shape(shape, ident) for shape in diagram.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{esc(css_class)}" role="img" '
        f'viewBox="0 0 {_n(diagram.width)} {_n(diagram.height)}" '
        f'width="{_n(diagram.width)}" height="{_n(diagram.height)}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{esc(FONT_FAMILY)}">'
        f'<title id="{ident}-title">{esc(diagram.title)}</title>'
        f'<desc id="{ident}-desc">{esc(diagram.desc)}</desc>'
        f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{LINE}"/></marker></defs>\n{body}\n</svg>'
    )
