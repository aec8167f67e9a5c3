"""The driver diagram: aim → primary drivers → secondary drivers → change ideas, each change
idea coloured by what its tests of change (PDSA) decided. Laid out as a tree read left to
right; a box's height follows its wrapped text and a parent is centred on its children."""

from dataclasses import dataclass, field

from capstone.diagrams.canvas import Diagram, wrap
from capstone.models import TestOfChange

ACT = TestOfChange.Act
COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
COLUMN_X = (16, 256, 496, 736)
COLUMN_W = (210, 210, 210, 300)
GAP = 12  # between sibling boxes
TOP = 44  # below the column headings
SIZE = 13
# (fill, stroke) of a change idea by outcome; the word is always written too.
OUTCOME_LOOK = {
    "adopt": ("#e3f4e8", "#2f855a"),
    "adapt": ("#fff4d6", "#b7791f"),
    "abandon": ("#eef0f2", "#7b8794"),
    "testing": ("#e6f0fa", "#2b6cb0"),
    "untested": ("#ffffff", "#9aa5b1"),
}
LEVEL_LOOK = ("#0b5563", "#e3f1f3", "#f4f8f9")


def idea_outcome(tests) -> tuple[str, str]:
    """(key, words) for a change idea from its tests of change: adopted if any cycle adopted
    it, else adapted, else abandoned if every decided cycle abandoned it."""
    tests = list(tests)
    if not tests:
        return "untested", "Not tested yet"
    acts = {t.act for t in tests}
    cycles = f"{len(tests)} PDSA cycle{'s' if len(tests) != 1 else ''}"
    for act, word in ((ACT.ADOPT, "adopted"), (ACT.ADAPT, "adapted"), (ACT.ABANDON, "abandoned")):
        if act in acts:
            return act.value, f"{cycles}: {word}"
    return "testing", f"{cycles}: no decision yet"


@dataclass
class Node:
    column: int
    text: str
    note: str = ""
    look: str = ""
    tip: str = ""
    children: list = field(default_factory=list)


@dataclass
class DriverTree:
    aim: str
    primaries: list  # Driver, with .secondaries and .change_ideas lists attached

    @property
    def is_empty(self):
        return not self.primaries


def build_tree(aim, drivers) -> DriverTree:
    """The tree from the project's drivers (their ideas and the ideas' tests prefetched)."""
    drivers = list(drivers)
    for driver in drivers:
        driver.secondaries = [d for d in drivers if d.parent_id == driver.pk]
        driver.change_ideas = list(driver.ideas.all())
        for idea in driver.change_ideas:
            idea.outcome_key, idea.outcome = idea_outcome(idea.tests.all())
    return DriverTree(aim=aim, primaries=[d for d in drivers if d.parent_id is None])


def table_rows(tree: DriverTree) -> list[dict]:
    """One row per path from a primary driver to a change idea (or to where the path ends),
    for the table view that reads the same as the diagram."""
    rows = []
    for primary in tree.primaries:
        branches = [(None, primary.change_ideas)] if primary.change_ideas else []
        branches += [(s, s.change_ideas) for s in primary.secondaries]
        if not branches:
            branches = [(None, [])]
        for secondary, ideas in branches:
            for idea in ideas or [None]:
                rows.append({"primary": primary, "secondary": secondary, "idea": idea})
    return rows


def _idea_node(idea):
    return Node(3, idea.idea, note=idea.outcome, look=idea.outcome_key, tip=idea.idea)


def _nodes(tree: DriverTree) -> Node:
    aim = Node(0, tree.aim or "No aim yet: write it on the charter.", look="aim")
    for primary in tree.primaries:
        node = Node(1, primary.text, look="primary", tip=primary.text)
        node.children = [_idea_node(idea) for idea in primary.change_ideas]
        for secondary in primary.secondaries:
            child = Node(2, secondary.text, look="secondary", tip=secondary.text)
            child.children = [_idea_node(idea) for idea in secondary.change_ideas]
            node.children.append(child)
        aim.children.append(node)
    return aim


def _lines(node):
    lines = wrap(node.text, COLUMN_W[node.column] - 16, SIZE, max_lines=6)
    if node.note:
        lines.append(node.note)
    return lines


def _height(node):
    return len(_lines(node)) * SIZE * 1.25 + 16


def _extent(node):
    """The vertical room a node and everything right of it needs."""
    below = sum(_extent(child) for child in node.children) + GAP * max(len(node.children) - 1, 0)
    return max(_height(node), below)


def _place(diagram, node, top):
    """Draw the node centred in its extent starting at `top`; returns its (right, mid-y)."""
    extent = _extent(node)
    height = _height(node)
    x, w = COLUMN_X[node.column], COLUMN_W[node.column]
    y = top + (extent - height) / 2
    if node.column == 3:
        fill, stroke = OUTCOME_LOOK[node.look]
    else:
        fill, stroke = LEVEL_LOOK[node.column], "#0b5563"
    lines = _lines(node)
    diagram.rect(x, y, w, height, fill=fill, stroke=stroke, tip=node.tip, cls=f"qi-{node.look}")
    diagram.text(
        x + w / 2,
        y + 8 + SIZE,
        lines,
        size=SIZE,
        anchor="middle",
        bold=node.column == 0,
        fill="#ffffff" if node.column == 0 else "#1f2933",
    )
    mid = y + height / 2
    children_height = sum(_extent(c) for c in node.children) + GAP * max(len(node.children) - 1, 0)
    child_top = top + (extent - children_height) / 2
    for child in node.children:
        child_x = COLUMN_X[child.column]
        child_mid = _place(diagram, child, child_top)
        elbow = x + w + (child_x - x - w) / 2 if child.column == node.column + 1 else x + w + 20
        diagram.line([(x + w, mid), (elbow, mid), (elbow, child_mid), (child_x, child_mid)])
        child_top += _extent(child) + GAP
    return mid


def driver_diagram(tree: DriverTree) -> Diagram:
    root = _nodes(tree)
    height = TOP + _extent(root) + 16
    ideas = sum(
        len(p.change_ideas) + sum(len(s.change_ideas) for s in p.secondaries)
        for p in tree.primaries
    )
    diagram = Diagram(
        width=COLUMN_X[-1] + COLUMN_W[-1] + 16,
        height=height,
        title="Driver diagram",
        desc=f"Aim: {tree.aim or 'not written yet'}. {len(tree.primaries)} primary drivers and "
        f"{ideas} change ideas; the table below the diagram lists every path.",
    )
    for x, w, heading in zip(COLUMN_X, COLUMN_W, COLUMNS, strict=True):
        diagram.text(x + w / 2, 24, heading, size=14, anchor="middle", bold=True, fill="#52606d")
    _place(diagram, root, TOP)
    return diagram
