"""`make bench`, step two: the dashboards over HTTP, under gunicorn, measured with wrk.

This module holds what does not need a server: reading wrk's report, and the table and the
verdict built from the figures. The management command bench_http runs the server and wrk."""

import re
from dataclasses import dataclass

GOAL_FACTOR = 3.0
MINIMAL_PAGE = "healthz"
# One query of its own plus what every signed-in page costs (pathway/bench/views.py).
SIGNED_IN_MINIMAL_PAGE = "bench_minimal"

# Every bench script starts so: each thread knows its number (`id`, from 0) and done() can
# sum what the threads counted.
LUA_THREADS = """
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
"""

# The wrk script. Its arguments (after `--`) are the number of threads, then Cookie header values:
# each thread takes its own share and sends them in turn, so no two connections share a
# session. Sharing one would measure the app waiting for the lock on that session's row (every
# request saves the session), which real people, each with their own session, do not do.
# It also counts every status that is not 2xx, summed over the threads: wrk itself accepts 3xx,
# but here a redirect means the session cookie was refused (the page sent us to sign in).
WRK_LUA = (
    LUA_THREADS
    + """
function init(args)
  non_2xx = 0
  requests = {}
  local count = tonumber(args[1]) or 1
  for i = 2, #args do
    if (i - 2) % count == id then
      table.insert(requests, wrk.format(nil, nil, {["Cookie"] = args[i]}))
    end
  end
  if #requests == 0 then
    table.insert(requests, wrk.format())
  end
  turn = 0
end

function request()
  turn = turn % #requests + 1
  return requests[turn]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non_2xx")
  end
  io.write(string.format("Non-2xx responses (bench): %d\\n", total))
end
"""
)

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
DURATION = re.compile(r"^([\d.]+)(us|ms|s|m)$")


class WrkOutputError(ValueError):
    """wrk's report lacks a figure the bench needs."""


@dataclass(frozen=True)
class WrkResult:
    median_ms: float
    p90_ms: float
    p99_ms: float
    requests_per_second: float
    requests: int
    non_2xx: int
    socket_errors: int

    @property
    def clean(self) -> bool:
        return self.requests > 0 and self.non_2xx == 0 and self.socket_errors == 0


def duration_ms(text: str) -> float:
    """'812.00us', '1.52ms', '2.01s', '1.50m' -> milliseconds."""
    match = DURATION.match(text.strip())
    if not match:
        raise WrkOutputError(f"Not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    """The figures from `wrk --latency` run with WRK_LUA."""
    percentiles = dict(re.findall(r"^\s+(50|90|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M))
    missing = [p for p in ("50", "90", "99") if p not in percentiles]
    if missing:
        raise WrkOutputError(
            "No latency distribution in wrk's output (was it run with --latency?): "
            f"missing {', '.join(p + '%' for p in missing)}"
        )
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ", output, re.M)
    if not rate or not total:
        raise WrkOutputError("No request count or rate in wrk's output.")
    # wrk's own count misses redirects; ours, from the Lua script, does not. Take the larger.
    counted = [int(n) for n in re.findall(r"Non-2xx responses \(bench\): (\d+)", output)]
    counted += [int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)]
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        median_ms=duration_ms(percentiles["50"]),
        p90_ms=duration_ms(percentiles["90"]),
        p99_ms=duration_ms(percentiles["99"]),
        requests_per_second=float(rate.group(1)),
        requests=int(total.group(1)),
        non_2xx=max(counted, default=0),
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )


@dataclass(frozen=True)
class PageRun:
    label: str
    url_name: str
    # None when the URL name does not resolve in this build.
    result: WrkResult | None
    signed_in: bool = True
    # The page this one's median is judged against (GOAL_FACTOR × its median), if any.
    yardstick: str | None = None
    # The page's HTML, in bytes, and the most it may weigh (None: no bound).
    html_bytes: int | None = None
    max_bytes: int | None = None


def _first(runs, url_name):
    return next((r for r in runs if r.url_name == url_name and r.result), None)


def _ratio(run, runs) -> str:
    reference = _first(runs, run.yardstick) if run.yardstick else None
    return f"{run.result.median_ms / reference.result.median_ms:.2f}" if reference else "—"


def _goal(run, runs) -> str:
    passed = [ok for ok, _ in _page_verdicts(run, runs)]
    if not passed:
        return "—"
    if None in passed:
        return "NOT MEASURED"
    return "PASS" if all(passed) else "FAIL"


def results_table(runs: list[PageRun]) -> list[str]:
    """Lines of a plain-text table: each page's latency, rate, HTML size, and its median
    against its yardstick: /healthz for the signed-in minimal page, the signed-in minimal page
    for every other page (which separates the page's own work from what signing in and the
    site's menus cost every page)."""
    width = max(len(r.label) for r in runs)
    lines = [
        f"{'Page':<{width}}  {'median ms':>9}  {'p90 ms':>8}  {'p99 ms':>8}  "
        f"{'req/s':>8}  {'HTML KB':>7}  {'ratio':>5}  {'of':<13}  goal",
    ]
    lines.append("-" * (len(lines[0]) + 8))
    for run in runs:
        result = run.result
        if result is None:
            lines.append(f"{run.label:<{width}}  not available ({run.url_name} does not exist yet)")
            continue
        size = f"{run.html_bytes / 1024:.1f}" if run.html_bytes is not None else "—"
        lines.append(
            f"{run.label:<{width}}  {result.median_ms:>9.2f}  {result.p90_ms:>8.2f}  "
            f"{result.p99_ms:>8.2f}  {result.requests_per_second:>8.1f}  {size:>7}  "
            f"{_ratio(run, runs):>5}  {run.yardstick or '':<13}  {_goal(run, runs)}"
        )
    return lines


def _page_verdicts(run, runs) -> list[tuple[bool | None, str]]:
    verdicts = []
    if run.yardstick:
        reference = _first(runs, run.yardstick)
        if run.result is None or reference is None:
            missing = run.label if run.result is None else run.yardstick
            verdicts.append((None, f"NOT MEASURED: {run.label} ({missing} was not measured)."))
        else:
            median, yardstick = run.result.median_ms, reference.result.median_ms
            limit = GOAL_FACTOR * yardstick
            passed = median <= limit
            verdicts.append(
                (
                    passed,
                    f"{'PASS' if passed else 'FAIL'}: {run.label} median {median:.2f} ms is "
                    f"{median / yardstick:.2f} × {reference.label}'s {yardstick:.2f} ms "
                    f"(goal ≤ {GOAL_FACTOR:g} ×, i.e. ≤ {limit:.2f} ms).",
                )
            )
    if run.max_bytes is not None:
        if run.html_bytes is None:
            verdicts.append((None, f"NOT MEASURED: {run.label}'s HTML size."))
        else:
            passed = run.html_bytes <= run.max_bytes
            verdicts.append(
                (
                    passed,
                    f"{'PASS' if passed else 'FAIL'}: {run.label} HTML is "
                    f"{run.html_bytes / 1024:.1f} KB (goal ≤ {run.max_bytes / 1024:g} KB).",
                )
            )
    return verdicts


def goal_verdicts(runs: list[PageRun]) -> list[tuple[bool | None, str]]:
    """(passed, sentence) for every goal of every page: its median within GOAL_FACTOR times
    its yardstick's, and its HTML within its bound. passed is None when a page (or its
    yardstick) was not measured, which `make bench` counts as a failure too."""
    return [verdict for run in runs for verdict in _page_verdicts(run, runs)]


def all_goals_met(verdicts) -> bool:
    return bool(verdicts) and all(passed is True for passed, _ in verdicts)
