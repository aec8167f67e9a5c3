"""Reading wrk's report and judging the bench's goal (make bench). The samples are real wrk
4.1 output from this project's gunicorn, run with the bench's script (WRK_LUA)."""

import shutil
import subprocess
from collections import Counter
from http.server import BaseHTTPRequestHandler

import pytest

from pathway.bench.wrk import (
    WRK_LUA,
    PageRun,
    WrkOutputError,
    WrkResult,
    all_goals_met,
    duration_ms,
    goal_verdicts,
    parse_wrk,
    results_table,
)
from tests.conftest import services_required
from tests.pathway.bench_servers import serving

HEALTHZ = """\
Running 2s test @ http://127.0.0.1:18765/healthz
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    54.55ms  162.04ms 941.93ms   92.47%
    Req/Sec   199.50    143.06   590.00     75.00%
  Latency Distribution
     50%    8.74ms
     75%   15.01ms
     90%   38.92ms
     99%  850.26ms
  803 requests in 2.04s, 308.97KB read
Requests/sec:    394.19
Transfer/sec:    151.67KB
Non-2xx responses (bench): 0
"""

# The home page without a session cookie: every answer a redirect to sign in, which wrk itself
# does not count as a failure.
REDIRECTED = """\
Running 2s test @ http://127.0.0.1:18765/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.83ms   22.86ms 169.59ms   94.80%
    Req/Sec   453.63    244.93   780.00     55.26%
  Latency Distribution
     50%    3.20ms
     75%    7.22ms
     90%   14.52ms
     99%  139.34ms
  1747 requests in 2.03s, 564.70KB read
Requests/sec:    862.49
Transfer/sec:    278.79KB
Non-2xx responses (bench): 1747
"""

NOT_FOUND = """\
Running 2s test @ http://127.0.0.1:18765/static/nonexistent.css
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    24.20ms   14.14ms 151.33ms   80.51%
    Req/Sec    84.45     34.45   190.00     85.00%
  Latency Distribution
     50%   23.76ms
     75%   28.56ms
     90%   36.59ms
     99%   80.23ms
  344 requests in 2.04s, 470.94KB read
  Non-2xx or 3xx responses: 344
Requests/sec:    168.78
Transfer/sec:    231.06KB
Non-2xx responses (bench): 344
"""

# A server not yet listening: wrk reports nothing at all.
NOTHING = """\
Running 2s test @ http://127.0.0.1:18765/healthz
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 2.05s, 0.00B read
Requests/sec:      0.00
Transfer/sec:       0.00B
Non-2xx responses (bench): 0
"""


def test_the_median_p90_p99_and_rate_are_read_from_wrk_output():
    result = parse_wrk(HEALTHZ)

    assert result == WrkResult(
        median_ms=8.74,
        p90_ms=38.92,
        p99_ms=850.26,
        requests_per_second=394.19,
        requests=803,
        non_2xx=0,
        socket_errors=0,
    )
    assert result.clean


def test_redirects_to_sign_in_count_as_failures_though_wrk_accepts_them():
    result = parse_wrk(REDIRECTED)

    assert result.non_2xx == 1747
    assert not result.clean


def test_error_statuses_are_failures():
    result = parse_wrk(NOT_FOUND)

    assert result.non_2xx == 344
    assert not result.clean


def test_socket_errors_and_timeouts_are_failures():
    # wrk prints this line only when a socket failed; added to a real report here.
    output = HEALTHZ.replace(
        "Requests/sec:", "  Socket errors: connect 0, read 2, write 0, timeout 3\nRequests/sec:"
    )

    result = parse_wrk(output)

    assert result.socket_errors == 5
    assert not result.clean


def test_a_run_that_got_no_answers_is_a_failure():
    assert not parse_wrk(NOTHING).clean


def test_output_without_the_latency_distribution_is_refused():
    without = "\n".join(line for line in HEALTHZ.splitlines() if "%" not in line)

    with pytest.raises(WrkOutputError, match="--latency"):
        parse_wrk(without)


@pytest.mark.parametrize(
    ("text", "ms"),
    [("812.00us", 0.812), ("1.52ms", 1.52), ("2.01s", 2010.0), ("1.50m", 90_000.0)],
)
def test_every_wrk_duration_unit_is_converted_to_milliseconds(text, ms):
    assert duration_ms(text) == pytest.approx(ms)


def result(median):
    return WrkResult(median, median * 2, median * 3, 100.0, 1000, 0, 0)


def runs(board_median=30.0, signed_in_minimal=20.0, measure_bytes=400 * 1024):
    """healthz 10 ms; the signed-in minimal page judged against it; the rest against that."""
    return [
        PageRun("Minimal page", "healthz", result(10.0), signed_in=False),
        PageRun(
            "Minimal page, signed in",
            "bench_minimal",
            result(signed_in_minimal),
            yardstick="healthz",
        ),
        PageRun("Home, resident", "home", result(25.0), yardstick="bench_minimal"),
        PageRun(
            "Cohort board",
            "pathway:cohort_board",
            None if board_median is None else result(board_median),
            yardstick="bench_minimal",
        ),
        PageRun(
            "Measure page",
            "capstone:measure_chart",
            result(40.0),
            yardstick="bench_minimal",
            html_bytes=measure_bytes,
            max_bytes=500 * 1024,
        ),
    ]


def test_every_page_within_three_times_its_yardstick_meets_every_goal():
    verdicts = goal_verdicts(runs())

    assert [passed for passed, _ in verdicts] == [True, True, True, True, True]
    assert all_goals_met(verdicts)
    assert (
        verdicts[0][1]
        == "PASS: Minimal page, signed in median 20.00 ms is 2.00 × Minimal page's 10.00 ms "
        "(goal ≤ 3 ×, i.e. ≤ 30.00 ms)."
    )
    assert "1.50 × Minimal page, signed in's 20.00 ms" in verdicts[2][1]
    assert verdicts[-1][1] == "PASS: Measure page HTML is 400.0 KB (goal ≤ 500 KB)."


def test_a_signed_in_floor_over_three_times_healthz_fails_the_run():
    verdicts = goal_verdicts(runs(signed_in_minimal=31.0))

    assert verdicts[0][0] is False and verdicts[0][1].startswith("FAIL")
    assert not all_goals_met(verdicts)


def test_a_dashboard_over_three_times_the_signed_in_floor_fails_the_run():
    verdicts = goal_verdicts(runs(board_median=61.0))

    assert [passed for passed, _ in verdicts] == [True, True, False, True, True]
    assert "≤ 60.00 ms" in verdicts[2][1]
    assert not all_goals_met(verdicts)


def test_a_measure_page_over_500_kb_fails_the_run():
    verdicts = goal_verdicts(runs(measure_bytes=501 * 1024))

    assert verdicts[-1] == (False, "FAIL: Measure page HTML is 501.0 KB (goal ≤ 500 KB).")
    assert not all_goals_met(verdicts)


def test_a_page_not_measured_fails_the_run():
    verdicts = goal_verdicts(runs(board_median=None))

    assert verdicts[2][0] is None and "NOT MEASURED" in verdicts[2][1]
    assert not all_goals_met(verdicts)


def test_the_table_gives_each_pages_ratio_to_its_yardstick_and_its_goal():
    lines = results_table(runs(board_median=None))

    row = {line.split("  ")[0]: line.split() for line in lines[2:]}
    # ratio, yardstick, goal
    assert row["Home, resident"][-3:] == ["1.25", "bench_minimal", "PASS"]
    assert row["Minimal page, signed in"][-3:] == ["2.00", "healthz", "PASS"]
    assert row["Minimal page"][-2:] == ["—", "—"]
    assert row["Measure page"][-4:] == ["400.0", "2.00", "bench_minimal", "PASS"]
    assert "not available" in next(line for line in lines if line.startswith("Cohort board"))


def test_each_page_uses_its_own_yardstick_whatever_the_order():
    verdicts = goal_verdicts(list(reversed(runs())))

    assert any(
        "Home, resident median 25.00 ms is 1.25 × Minimal page, signed in" in v for _, v in verdicts
    )
    assert any(
        "Minimal page, signed in median 20.00 ms is 2.00 × Minimal page's" in v for _, v in verdicts
    )


class CookieRecorder(BaseHTTPRequestHandler):
    """Answers 200 to every GET and remembers the Cookie header it came with."""

    seen: Counter = Counter()

    def do_GET(self):
        CookieRecorder.seen[self.headers.get("Cookie")] += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    CookieRecorder.seen = Counter()
    with serving(CookieRecorder) as url:
        yield url


@pytest.fixture
def wrk():
    """Debian's wrk (make test installs it): skipped when missing, failed under
    REQUIRE_SERVICES=1, as CI runs."""
    if shutil.which("wrk") is None:
        reason = "wrk is not installed (make test and make bench install Debian's wrk)"
        if services_required():
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)


def run_script(tmp_path, url, *args):
    script = tmp_path / "bench.lua"
    script.write_text(WRK_LUA)
    done = subprocess.run(
        ["wrk", "-t", "2", "-c", "2", "-d", "1s", "--latency", "-s", str(script), url, "--", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return parse_wrk(done.stdout)


def test_the_wrk_script_sends_every_session_cookie_and_no_request_without_one(
    wrk, tmp_path, recorder
):
    cookies = [f"sessionid=s{n}" for n in range(4)]

    result = run_script(tmp_path, recorder, "2", *cookies)

    assert result.clean
    assert set(CookieRecorder.seen) == set(cookies)


def test_the_wrk_script_sends_no_cookie_for_the_anonymous_page(wrk, tmp_path, recorder):
    result = run_script(tmp_path, recorder, "2")

    assert result.clean
    assert set(CookieRecorder.seen) == {None}
