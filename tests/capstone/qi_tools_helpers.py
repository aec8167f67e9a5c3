"""Checks the QI tools' tests share: an SVG parses as XML and carries its text as text."""

from xml.etree import ElementTree

SVG_NS = "{http://www.w3.org/2000/svg}"


def parsed_svg(svg: str):
    """The SVG's root element; fails the test if the markup is not well-formed XML."""
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    return root


def svg_texts(svg: str) -> str:
    """Every piece of text drawn, joined: what a reader of the diagram sees."""
    root = parsed_svg(svg)
    return " ".join(span.text or "" for span in root.iter(f"{SVG_NS}tspan"))


def page_svg(html: str, marker: str) -> str:
    """The inline SVG that follows `marker` (a figure's id) in a page."""
    start = html.index("<svg", html.index(marker))
    return html[start : html.index("</svg>", start) + len("</svg>")]


def counted_get(client, url, assert_num_queries, expected):
    """The page fetched a second time (the session warm) in exactly `expected` queries."""
    client.get(url)
    with assert_num_queries(expected):
        return client.get(url)
