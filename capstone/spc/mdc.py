"""NHS England Making Data Count rules, as NHSRplotthedots 0.2 applies them."""

from __future__ import annotations

from capstone.spc.constants import MDC_RUN_POINTS, MDC_TREND_POINTS
from capstone.spc.runs import _monotone_segments, _outside_event, _run_event, _trend_event


def _apply_mdc(
    *,
    inc: list[int],
    inc_y: list[float],
    sides: list[int],
    start: int,
    cl: float | None,
    point_sigma: list[float | None],
    near_width: float,
    outside: list[bool],
    direction: int,
    codes: list[list[str]],
    variation: list[str | None],
    near_limit: list[bool],
    events: list[dict],
) -> None:
    """Making Data Count flags, one code per point, as NHSRplotthedots 0.2 assigns them."""

    def judged(side: int) -> str:
        return "improvement" if side * direction > 0 else "concern"

    m = len(inc)
    close = [False] * m
    for k, (i, y) in enumerate(zip(inc, inc_y, strict=True)):
        s = point_sigma[i - start]
        if cl is None or s is None or outside[i - start]:
            continue
        # NHSRplotthedots: close_to_limits = !outside & (y < nlpl | y > nupl), strict
        close[k] = y > cl + near_width * s or y < cl - near_width * s
        near_limit[i - start] = close[k]

    trend_dir: dict[int, int] = {}
    for first, last, d in _monotone_segments(inc_y, MDC_TREND_POINTS):
        event = _trend_event(d, inc[first : last + 1], last - first + 1)
        event["variation"] = judged(d)
        events.append(event)
        for k in range(first, last + 1):
            trend_dir[k] = d  # a turning point takes the later trend, as in NHSRplotthedots

    # ptd_two_in_three(): any 3 consecutive points, all strictly on one side of the mean,
    # at least 2 of them close to a limit; only the close ones are flagged.
    two_of_three = [False] * m
    for k in range(m - 2):
        window = range(k, k + 3)
        if abs(sum(sides[w] for w in window)) == 3 and sum(close[w] for w in window) >= 2:
            for w in window:
                if close[w]:
                    two_of_three[w] = True
    cluster: list[int] = []
    for k in [k for k in range(m) if two_of_three[k]] + [None]:
        if cluster and (k is None or k - cluster[-1] > 2 or sides[k] != sides[cluster[-1]]):
            event = _run_event("two_of_three", sides[cluster[0]], [inc[w] for w in cluster])
            event["variation"] = judged(sides[cluster[0]])
            events.append(event)
            cluster = []
        if k is not None:
            cluster.append(k)

    # ptd_seven_point_one_side_mean(): a point on the mean breaks the run.
    shift = [False] * m
    run_start = 0
    for k in range(1, m + 1):
        if k < m and sides[k] != 0 and sides[k] == sides[run_start]:
            continue
        if sides[run_start] != 0 and k - run_start >= MDC_RUN_POINTS:
            event = _run_event("shift", sides[run_start], inc[run_start:k])
            event["variation"] = judged(sides[run_start])
            events.append(event)
            for w in range(run_start, k):
                shift[w] = True
        run_start = k

    for k, i in enumerate(inc):
        j = i - start
        if outside[j]:
            code, side = "outside", sides[k]
            event = _outside_event(i, side)
            event["variation"] = judged(side)
            events.append(event)
        elif k in trend_dir:
            code, side = "trend", trend_dir[k]
        elif two_of_three[k]:
            code, side = "two_of_three", sides[k]
        elif shift[k]:
            code, side = "shift", sides[k]
        else:
            variation[j] = "common"
            continue
        codes[j].append(code)
        variation[j] = judged(side)
