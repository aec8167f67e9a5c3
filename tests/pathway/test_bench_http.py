"""Reading wrk's report and judging the bench's goal (make bench). The samples are real wrk
4.1 output from this project's gunicorn, run with the bench's Lua status counter."""

import pytest

from pathway.bench_http import (
    PageRun,
    WrkOutputError,
    WrkResult,
    duration_ms,
    goal_verdict,
    parse_wrk,
    results_table,
)

HEALTHZ = """\
Running 2s test @ http://127.0.0.1:18765/healthz
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.09ms    3.89ms  37.30ms   89.47%
    Req/Sec   413.70    244.55   830.00     50.00%
  Latency Distribution
     50%    2.79ms
     75%    3.17ms
     90%    8.27ms
     99%   22.64ms
  1648 requests in 2.01s, 634.09KB read
Requests/sec:    818.64
Transfer/sec:    314.98KB
Non-2xx responses (bench): 0
"""

# The home page without a session cookie: every answer a redirect to sign in, which wrk itself
# does not count as a failure.
REDIRECTED = """\
Running 2s test @ http://127.0.0.1:18765/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   136.82ms  245.59ms 901.01ms   83.28%
    Req/Sec   315.56    258.99     1.04k    84.00%
  Latency Distribution
     50%    7.85ms
     75%  139.51ms
     90%  592.09ms
     99%  869.44ms
  797 requests in 2.09s, 257.62KB read
Requests/sec:    380.49
Transfer/sec:    122.99KB
Non-2xx responses (bench): 797
"""

NOT_FOUND = """\
Running 2s test @ http://127.0.0.1:18765/static/nonexistent.css
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    32.59ms   63.30ms 332.39ms   90.38%
    Req/Sec   163.23     83.64   393.00     77.14%
  Latency Distribution
     50%   11.81ms
     75%   19.65ms
     90%   89.00ms
     99%  304.34ms
  585 requests in 2.05s, 800.38KB read
  Non-2xx or 3xx responses: 585
Requests/sec:    285.71
Transfer/sec:    390.90KB
Non-2xx responses (bench): 585
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
        median_ms=2.79,
        p90_ms=8.27,
        p99_ms=22.64,
        requests_per_second=818.64,
        requests=1648,
        non_2xx=0,
        socket_errors=0,
    )
    assert result.clean


def test_redirects_to_sign_in_count_as_failures_though_wrk_accepts_them():
    result = parse_wrk(REDIRECTED)

    assert result.non_2xx == 797
    assert not result.clean


def test_error_statuses_are_failures():
    result = parse_wrk(NOT_FOUND)

    assert result.non_2xx == 585
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


def runs(board_median):
    return [
        PageRun("Minimal page", "healthz", result(10.0), signed_in=False),
        PageRun("Minimal page, signed in", "healthz", result(20.0)),
        PageRun("Home, resident", "home", result(25.0)),
        PageRun(
            "Director board",
            "pathway:cohort_board",
            None if board_median is None else result(board_median),
        ),
    ]


def test_the_board_within_three_times_the_minimal_page_passes():
    passed, sentence = goal_verdict(runs(29.5))

    assert passed is True
    assert sentence.startswith("PASS")
    assert "2.95 ×" in sentence


def test_the_board_slower_than_three_times_the_minimal_page_fails():
    passed, sentence = goal_verdict(runs(31.0))

    assert passed is False
    assert sentence.startswith("FAIL")
    assert "≤ 30.00 ms" in sentence


def test_a_board_not_yet_built_is_reported_as_not_measured():
    passed, sentence = goal_verdict(runs(None))

    assert passed is None
    assert "NOT MEASURED" in sentence


def test_the_table_compares_each_median_with_the_minimal_page_anonymous_and_signed_in():
    lines = results_table(runs(None))

    home = next(line for line in lines if line.startswith("Home, resident"))
    signed_in = next(line for line in lines if line.startswith("Minimal page, signed in"))
    board = next(line for line in lines if line.startswith("Director board"))
    # × minimal, then × the minimal page with a session.
    assert home.split()[-2:] == ["2.50", "1.25"]
    assert signed_in.split()[-2:] == ["2.00", "1.00"]
    assert "not available" in board


def test_the_goal_is_measured_against_the_anonymous_minimal_page_whatever_the_order():
    reordered = list(reversed(runs(29.5)))

    passed, sentence = goal_verdict(reordered)

    assert passed is True
    assert "minimal page's 10.00 ms" in sentence
