"""`make bench`, step three: the mixed load. Fifty people of every role, each signed in on a
connection of their own, browse their homes, the board, capstone and measure pages and post
progress reports and data points at once, for a minute, against 3 gunicorn workers.

wrk drives it with MIXED_LUA: one thread per person, so each thread's one connection sends
that person's requests in turn (a GET must answer 200, a POST must redirect, as a saved form
does, and never to the sign-in page). This module builds each person's plan from the bench
data and reads the figures wrk prints."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from capstone.models import DataType, Measure, Project
from mentoring.models import CoachAssignment
from pathway.bench.capstones import BIG_MEASURE_NAME
from pathway.bench.common import FOCUS_SLUG
from pathway.bench.wrk import LUA_THREADS
from pathway.models import PathwayStatus, ResidentProfile, User

USERS = 50
SECONDS = 60
WORKERS = 3
P95_GOAL_MS = 250.0

# People reading: the pause between one answer and the next click, in milliseconds (from, to).
THINK_MS = (1000, 3000)
# Where the second run's post numbers (and so its dates) start: past any first run's. Its
# warm-up posts count from READING_FIRST_POST, the measured run's from past any warm-up's.
READING_FIRST_POST = 1000
READING_MEASURED_FIRST_POST = READING_FIRST_POST + 100
# Seconds the reading run's people browse before it is measured: each worker's first page of
# each kind reads and compiles its templates and queries, once in a server's life, and among
# the run's few requests those first pages were most of its slowest hundredth.
READING_WARMUP_SECONDS = 5


def reading_server(users: int, think_ms: tuple[int, int]) -> dict:
    """start_gunicorn's options for the run with pauses. wrk opens its next connection the
    moment an answer arrives (a sync worker closes each one) and only then pauses; a sync
    worker would sit on that idle connection for the whole pause, serving no one, which the
    HTTPS proxy in front of production never lets happen. A gthread worker parks a kept-alive
    connection without a thread, but a new one holds a thread until its first request
    arrives (gunicorn waits up to 5 s), so each worker has a thread for every person: a
    connection opened ahead of its click then delays no one else's page. (With one thread a
    worker, the slowest hundredth of the answers took 1.6-1.8 s while gunicorn spent at most
    80 ms on any request.) Connections stay open through the longest pause, as a browser's to
    its proxy do: closed sooner, wrk's next request would meet a closed socket."""
    return {
        "worker_class": "gthread",
        "threads": users,
        "keep_alive": think_ms[1] // 1000 + 5,
    }


# Arguments (after `--`): the plan file, then optionally the least and the most think time in
# ms (none: each person clicks again the moment an answer arrives) and the number the posts
# count from (a second run on the same data starts past the first's, so its dates are new).
# The plan file's line n (from 0) is thread n's person: the Cookie header, the CSRF token,
# then the person's requests, tab-separated, each "GET path" or "POST path body". In a body,
# {n} becomes a number that grows with each post and {day} a date that moves back a day with
# each post (a data point for another day).
MIXED_LUA = (
    LUA_THREADS
    + r"""
function init(args)
  errors, gets, posts, counter, turn = 0, 0, 0, 0, 0
  think_min = tonumber(args[2]) or 0
  think_max = tonumber(args[3]) or think_min
  counter = tonumber(args[4]) or 0
  -- Each person pauses differently, the same way in every run.
  math.randomseed(id * 7919 + 1)
  actions = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n == id then
      local fields = {}
      for field in string.gmatch(line, "[^\t]+") do
        table.insert(fields, field)
      end
      get_headers = {["Cookie"] = fields[1]}
      post_headers = {
        ["Cookie"] = fields[1],
        ["X-CSRFToken"] = fields[2],
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }
      for i = 3, #fields do
        local method, path, body = string.match(fields[i], "^(%S+) (%S+) ?(.*)$")
        table.insert(actions, {method = method, path = path, body = body})
      end
    end
    n = n + 1
  end
end

-- wrk waits this long before sending the next request; latency is timed from the send.
function delay()
  if think_max > 0 then
    return math.random(think_min, think_max)
  end
  return 0
end

function request()
  turn = turn % #actions + 1
  local action = actions[turn]
  if action.method == "POST" then
    expect = 302
    posts = posts + 1
    counter = counter + 1
    local day = os.date("%Y-%m-%d", os.time() - 86400 * (1 + (id * 997 + counter) % 3000))
    local body = string.gsub(string.gsub(action.body, "{n}", tostring(counter)), "{day}", day)
    return wrk.format("POST", action.path, post_headers, body)
  end
  expect = 200
  gets = gets + 1
  return wrk.format("GET", action.path, get_headers)
end

function response(status, headers, body)
  local location = headers["Location"] or ""
  if status ~= expect or string.find(location, "/login", 1, true) then
    errors = errors + 1
    if first_error == nil then
      first_error = string.format("%d from %s %s", status, actions[turn].method, actions[turn].path)
    end
  end
end

function done(summary, latency, requests)
  local errors_, gets_, posts_ = 0, 0, 0
  for _, thread in ipairs(threads) do
    local first = thread:get("first_error")
    if first then
      io.write(string.format("Mixed error: %s\n", first))
    end
    errors_ = errors_ + thread:get("errors")
    gets_ = gets_ + thread:get("gets")
    posts_ = posts_ + thread:get("posts")
  end
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("Mixed p%d us: %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("Mixed requests: %d GET, %d POST\n", gets_, posts_))
  io.write(string.format("Mixed errors: %d\n", errors_))
end
"""
)


@dataclass(frozen=True)
class Person:
    email: str
    role: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class MixedResult:
    p50_ms: float
    p95_ms: float
    p99_ms: float
    gets: int
    posts: int
    errors: int
    socket_errors: int
    requests_per_second: float
    # The first failed answer of each person who had one: "status from METHOD path".
    examples: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return (
            self.gets + self.posts > 0
            and self.p95_ms < P95_GOAL_MS
            and self.errors == 0
            and self.socket_errors == 0
        )

    def lines(self) -> list[str]:
        verdict = "PASS" if self.passed else "FAIL"
        return [
            f"Mixed load: {self.gets:,} GETs and {self.posts:,} POSTs, "
            f"{self.requests_per_second:.1f} req/s; p50 {self.p50_ms:.1f} ms, "
            f"p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms; {self.errors} errors, "
            f"{self.socket_errors} socket errors."
            + (f" First errors: {'; '.join(self.examples[:5])}." if self.examples else ""),
            f"{verdict}: mixed load p95 {self.p95_ms:.1f} ms (goal < {P95_GOAL_MS:g} ms) with "
            f"{self.errors + self.socket_errors} errors (goal 0).",
        ]

    def reading_line(self, think_ms: tuple[int, int]) -> str:
        """The same people reading each page before the next click: a figure for how the app
        feels under that load, not a goal (the goal is the run without pauses)."""
        low, high = (ms / 1000 for ms in think_ms)
        return (
            f"Mixed load with people reading ({low:g}–{high:g} s between pages; not a goal): "
            f"{self.gets:,} GETs and {self.posts:,} POSTs, {self.requests_per_second:.1f} req/s; "
            f"p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, p99 {self.p99_ms:.1f} ms; "
            f"{self.errors + self.socket_errors} errors."
        )


class MixedOutputError(ValueError):
    """wrk's report lacks a figure of the mixed load."""


def parse_mixed(output: str) -> MixedResult:
    figures = dict(re.findall(r"^Mixed (p\d+) us: (\d+)$", output, re.M))
    counts = re.search(r"^Mixed requests: (\d+) GET, (\d+) POST$", output, re.M)
    errors = re.search(r"^Mixed errors: (\d+)$", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if len(figures) != 3 or not counts or not errors or not rate:
        raise MixedOutputError("wrk's output lacks the mixed load's figures.")
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return MixedResult(
        p50_ms=int(figures["p50"]) / 1000,
        p95_ms=int(figures["p95"]) / 1000,
        p99_ms=int(figures["p99"]) / 1000,
        gets=int(counts.group(1)),
        posts=int(counts.group(2)),
        errors=int(errors.group(1)),
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        requests_per_second=float(rate.group(1)),
        examples=tuple(re.findall(r"^Mixed error: (.+)$", output, re.M)),
    )


def _get(name, *args) -> str:
    return f"GET {reverse(name, args=args)}"


def _resident_actions(project, measure) -> tuple[str, ...]:
    """Home, capstone and measure pages, a progress report and a data point; a resident
    without a capstone yet reads their home and reports and writes a report."""
    report = urlencode(
        {
            "period_from": "{day}",
            "period_to": "{day}",
            "work_done": "Bench load: report {n}.",
            "next_steps": "Keep going.",
            "hours_spent": "2",
            "action": "save",
        },
        safe="{}",
    )
    post_report = f"POST {reverse('mentoring:report_add')} {report}"
    if project is None:
        return (_get("home"), _get("mentoring:report_list"), post_report, _get("home"))
    chart = ("capstone:measure_chart", project.pk, measure.pk)
    point = urlencode(
        {"measure": measure.pk, "period": "{day}", "value": "4{n}", "phase": "baseline"},
        safe="{}",
    )
    return (
        _get("home"),
        _get("capstone:project_detail", project.pk),
        _get(*chart),
        post_report,
        _get("home"),
        _get(*chart),
        f"POST {reverse('capstone:part_add', args=[project.pk, 'data-point'])} {point}",
    )


def people(count=USERS) -> list[Person]:
    """`count` people of the focus program across every role, each with a plan: the
    director and coordinator read their home, the board and a capstone; coaches and sponsors
    their home and their residents' capstones; the rest are residents who read their home,
    capstone and measure and post a progress report and a data point."""
    focus_projects = Project.objects.filter(program__slug=FOCUS_SLUG).active()
    # The big measure (5,000 points) is the measure page's own bench; it takes no more
    # points (a measure holds at most 2,000 entered ones).
    measures = {
        m.project_id: m
        for m in Measure.objects.filter(
            project__in=focus_projects, data_type=DataType.CONTINUOUS
        ).exclude(name=BIG_MEASURE_NAME)
    }
    projects = [
        p for p in focus_projects.select_related("sponsor").order_by("pk") if p.pk in measures
    ]
    staff_project, staff_measure = projects[0], measures[projects[0].pk]
    board, chart = "pathway:cohort_board", ("capstone:measure_chart", staff_project.pk)
    found = []
    for role, attr in (("director", "director_profile"), ("coordinator", "coordinator_profile")):
        user = User.objects.filter(program__slug=FOCUS_SLUG, **{f"{attr}__isnull": False}).first()
        actions = (_get("home"), _get(board), _get("capstone:project_detail", staff_project.pk))
        found.append(Person(user.email, role, (*actions, _get(*chart, staff_measure.pk))))
    coached = CoachAssignment.objects.current().filter(coach__program__slug=FOCUS_SLUG)
    for assignment in coached.select_related("coach").order_by("coach", "pk"):
        email = assignment.coach.email
        project = next((p for p in projects if p.lead_id == assignment.resident_id), None)
        # A coach sees their residents' capstones only: one of those, or just their home.
        if email not in {p.email for p in found} and project is not None:
            actions = (_get("home"), _get("capstone:project_detail", project.pk))
            found.append(Person(email, "coach", actions))
    for project in projects:
        # A sponsor sees a capstone once they have accepted it.
        accepted = project.sponsor_id and project.sponsor_accepted_on
        if accepted and project.sponsor.email not in {p.email for p in found}:
            actions = (_get("home"), _get("capstone:project_detail", project.pk))
            found.append(Person(project.sponsor.email, "sponsor", actions))
    residents = ResidentProfile.objects.filter(
        user__program__slug=FOCUS_SLUG, pathway_status=PathwayStatus.ACTIVE
    ).select_related("user")
    by_lead = {p.lead_id: p for p in projects}
    for resident in residents.order_by("pk"):
        if len(found) >= count:
            break
        project = by_lead.get(resident.pk)
        found.append(
            Person(
                resident.user.email,
                "resident",
                _resident_actions(project, measures.get(getattr(project, "pk", None))),
            )
        )
    return found[:count]


def plan_lines(people_, sessions) -> list[str]:
    """The plan file's lines, one per person, for MIXED_LUA."""
    return [
        "\t".join([session.cookie, session.csrf_token, *person.actions])
        for person, session in zip(people_, sessions, strict=True)
    ]
