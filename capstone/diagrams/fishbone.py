"""The fishbone (Ishikawa) diagram, drawn from the causes recorded on the current state, by
category: three bones above the spine and three below, the effect at the head."""

from capstone.diagrams.canvas import MUTED, Diagram, wrap
from capstone.models import FishboneCategory

WIDTH = 1100
HEAD_X, HEAD_W = 924, 160
BONE_ENDS = (340, 630, 920)  # where each bone meets the spine, left to right
SLANT = 110
CAUSE_W = 215
SIZE = 12
LINE_H = SIZE * 1.25
TOP = (FishboneCategory.PEOPLE, FishboneCategory.METHODS, FishboneCategory.EQUIPMENT)
BOTTOM = (FishboneCategory.MATERIALS, FishboneCategory.MEASUREMENT, FishboneCategory.ENVIRONMENT)
BONE = "#0b5563"


def effect_of(problem, title) -> str:
    """The fishbone's head: the problem's first sentence, else the project's title."""
    problem = " ".join(problem.split())
    return problem.split(". ")[0].rstrip(".") if problem else title


def by_category(causes) -> dict:
    """{category label: [causes]} for all six categories, in the diagram's reading order."""
    grouped = {category: [] for category in (*TOP, *BOTTOM)}
    for cause in causes:
        grouped.setdefault(FishboneCategory(cause.category), []).append(cause)
    return {category.label: items for category, items in grouped.items()}


def _cause_lines(cause):
    return wrap(cause.text, CAUSE_W, SIZE, max_lines=3)


def _bone_height(causes):
    return 44 + sum(len(_cause_lines(c)) * LINE_H + 8 for c in causes) + (0 if causes else 20)


def _bone(diagram, label, causes, end_x, spine_y, far_y):
    """One category's bone from its label (at far_y) to the spine, the causes hung to its left
    in reading order: from the label down above the spine, from the spine down below it."""
    start_x = end_x - SLANT
    above = far_y < spine_y
    diagram.text(
        start_x, far_y + (6 if above else -2), label, size=14, anchor="middle", bold=True, fill=BONE
    )
    near = far_y + (14 if above else -18)
    diagram.line([(start_x, near), (end_x, spine_y)], stroke=BONE, width=2)

    def bone_x(y):
        return start_x + (end_x - start_x) * (y - near) / (spine_y - near)

    cursor = near + 12 if above else spine_y + 14
    if not causes:
        y = cursor + SIZE
        diagram.text(bone_x(y) - 10, y, "none recorded", size=SIZE, anchor="end", fill=MUTED)
    for cause in causes:
        lines = _cause_lines(cause)
        first = cursor + SIZE
        rib_y = first + (len(lines) - 1) * LINE_H - 4
        x = bone_x(rib_y)
        diagram.line([(x - 8, rib_y), (x, rib_y)], stroke=BONE, width=1.2)
        diagram.text(x - 12, first, lines, size=SIZE, anchor="end")
        cursor += len(lines) * LINE_H + 8


def fishbone_diagram(effect, causes) -> Diagram:
    grouped = by_category(causes)
    top_h = max(_bone_height(grouped[c.label]) for c in TOP)
    bottom_h = max(_bone_height(grouped[c.label]) for c in BOTTOM)
    spine_y = 16 + top_h
    height = spine_y + bottom_h + 16
    head = wrap(effect or "The problem", HEAD_W - 16, 13, max_lines=6)
    count = sum(len(items) for items in grouped.values())
    diagram = Diagram(
        width=WIDTH,
        height=height,
        title="Fishbone (cause and effect) diagram",
        desc=f"Effect: {effect}. {count} causes in six categories: "
        + "; ".join(f"{label} {len(items)}" for label, items in grouped.items())
        + ". The table lists every cause.",
    )
    diagram.line([(24, spine_y), (HEAD_X, spine_y)], stroke=BONE, width=3)
    head_h = len(head) * 13 * 1.25 + 16
    diagram.rect(HEAD_X, spine_y - head_h / 2, HEAD_W, head_h, fill="#0b5563", stroke="#0b5563")
    diagram.text(
        HEAD_X + HEAD_W / 2,
        spine_y - head_h / 2 + 8 + 13,
        head,
        size=13,
        anchor="middle",
        bold=True,
        fill="#ffffff",
    )
    for index, category in enumerate(TOP):
        _bone(diagram, category.label, grouped[category.label], BONE_ENDS[index], spine_y, 20)
    for index, category in enumerate(BOTTOM):
        _bone(
            diagram, category.label, grouped[category.label], BONE_ENDS[index], spine_y, height - 20
        )
    return diagram
