"""The dashboards' bar chart: an accessible SVG whose bars carry the numbers they draw."""

import re

import pytest

from pathway.dashboards.svgbars import PALETTE, Series, bar_chart


def bars(svg):
    return re.findall(
        r'<g class="bar" data-category="([^"]*)" data-series="([^"]*)" data-value="([^"]*)">'
        r"<title>([^<]*)</title><rect [^>]*width=\"([\d.]+)\"",
        svg,
    )


def test_a_chart_is_a_labelled_image_with_every_value_described():
    svg = bar_chart(
        title="Projects per stage",
        categories=["Selection", "Results"],
        series=[Series("Projects", [3, 1])],
        chart_id="stages",
    )
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert 'aria-labelledby="stages-title stages-desc"' in svg
    assert '<title id="stages-title">Projects per stage</title>' in svg
    assert '<desc id="stages-desc">Selection: 3. Results: 1.</desc>' in svg


def test_bars_are_as_long_as_their_value_and_the_largest_fills_the_width():
    drawn = bars(bar_chart(title="t", categories=["A", "B", "C"], series=[Series("n", [4, 2, 0])]))
    widths = {category: float(width) for category, _, _, _, width in drawn}
    assert widths["B"] == pytest.approx(widths["A"] / 2, abs=0.1)
    assert widths["C"] == 0
    assert [(c, v) for c, _, v, _, _ in drawn] == [("A", "4"), ("B", "2"), ("C", "0")]


def test_a_fixed_scale_draws_percentages_against_a_hundred():
    drawn = bars(
        bar_chart(
            title="t",
            categories=["PGY-1", "PGY-2"],
            series=[Series("Done", [50, 100])],
            unit="%",
            max_value=100,
        )
    )
    assert float(drawn[0][4]) == pytest.approx(float(drawn[1][4]) / 2, abs=0.1)
    assert drawn[0][3] == "PGY-1: 50%"


def test_several_series_get_a_legend_and_their_own_colours():
    svg = bar_chart(
        title="t",
        categories=["2024–25"],
        series=[Series("Presentations", [2]), Series("Publications", [1])],
    )
    assert ">Presentations</text>" in svg and ">Publications</text>" in svg
    assert PALETTE[0] in svg and PALETTE[1] in svg
    assert [title for _, _, _, title, _ in bars(svg)] == [
        "2024–25, Presentations: 2",
        "2024–25, Publications: 1",
    ]


def test_a_missing_value_draws_no_bar_and_reads_as_a_dash():
    svg = bar_chart(title="t", categories=["A", "B"], series=[Series("Median", [None, 12.5])])
    drawn = bars(svg)
    assert drawn[0][2] == "" and float(drawn[0][4]) == 0
    assert "A: —. B: 12.5." in svg


def test_text_from_the_data_is_escaped():
    svg = bar_chart(
        title="<script>alert(1)</script>",
        categories=['Class "of" <2027>'],
        series=[Series("A & B", [1])],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "Class &quot;of&quot; &lt;2027&gt;" in svg
    assert 'aria-label="&lt;script&gt;alert(1)&lt;/script&gt;"' in svg


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        bar_chart(title="t", categories=["A", "B"], series=[Series("n", [1])])


def test_an_empty_chart_still_renders():
    svg = bar_chart(title="Nothing yet", categories=[], series=[Series("n", [])])
    assert "<title>Nothing yet</title>" in svg and 'class="bar"' not in svg
