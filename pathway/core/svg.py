"""The one escaping rule for text drawn into SVG and HTML built in Python (charts, sparklines):
every caller-supplied string goes through `esc`, attributes included."""

import html


def esc(text) -> str:
    return html.escape(str(text), quote=True)
