"""The mixed load of `make bench`: wrk's script gives each thread one person's session and
plan, checks every answer (a page 200, a saved form a redirect that is not to sign in) and
prints the percentiles and errors the bench judges."""

import subprocess
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler

import pytest

from pathway.bench.mixed import MIXED_LUA, MixedOutputError, Person, parse_mixed, people, plan_lines
from pathway.bench.seed import bench_data_seed
from pathway.bench.server import Session
from pathway.models import User
from tests.pathway.bench_servers import serving
from tests.pathway.test_bench_http import wrk  # noqa: F401 - the fixture
from tests.pathway.test_bench_seed import TINY


class Recorder(BaseHTTPRequestHandler):
    """200 to a GET, 302 to a POST (as a saved form), except where the path says otherwise;
    remembers what came with each request."""

    seen: list = []

    def answer(self, status, body=b""):
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/accounts/login/" if "expired" in self.path else "/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Recorder.seen.append(("GET", self.path, self.headers.get("Cookie"), None, None))
        self.answer(500 if "broken" in self.path else 200, b"ok")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        token = self.headers.get("X-CSRFToken")
        Recorder.seen.append(("POST", self.path, self.headers.get("Cookie"), token, body))
        self.answer(200 if "invalid" in self.path else 302)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.seen = []
    with serving(Recorder) as url:
        yield url


def run(tmp_path, url, people, *extra):
    sessions = [Session(f"sessionid=s{n}; csrftoken=t{n}", f"t{n}") for n in range(len(people))]
    plan = tmp_path / "plan.tsv"
    plan.write_text("\n".join(plan_lines(people, sessions)) + "\n")
    script = tmp_path / "mixed.lua"
    script.write_text(MIXED_LUA)
    n = str(len(people))
    done = subprocess.run(
        ["wrk", "-t", n, "-c", n, "-d", "1s", "-s", str(script), url, "--", str(plan), *extra],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return parse_mixed(done.stdout)


@pytest.mark.usefixtures("wrk")
def test_each_person_browses_and_posts_with_their_own_session(tmp_path, server):
    people = [
        Person("a@example.org", "resident", ("GET /home/", "POST /reports/new/ day={day}&n={n}")),
        Person("b@example.org", "director", ("GET /board/",)),
    ]

    result = run(tmp_path, server, people)

    assert result.errors == 0 and result.passed
    assert result.gets > 0 and result.posts > 0
    by_cookie = {(method, path, cookie) for method, path, cookie, _, _ in Recorder.seen}
    assert ("GET", "/home/", "sessionid=s0; csrftoken=t0") in by_cookie
    assert ("GET", "/board/", "sessionid=s1; csrftoken=t1") in by_cookie
    assert not any(
        cookie.startswith("sessionid=s1") and path != "/board/" for _, path, cookie in by_cookie
    )
    posts = [(token, body) for method, _, _, token, body in Recorder.seen if method == "POST"]
    # Each post carries the person's CSRF token, a real date and a number of its own.
    assert {token for token, _ in posts} == {"t0"}
    assert all(body.startswith("day=20") and "{" not in body for _, body in posts)
    assert len({body for _, body in posts}) == len(posts)


@pytest.mark.usefixtures("wrk")
def test_people_reading_pause_between_pages_and_post_new_numbers(tmp_path, server):
    person = Person("a@example.org", "resident", ("GET /home/", "POST /reports/new/ n={n}"))

    hurried = run(tmp_path, server, [person])
    hurried_requests = len(Recorder.seen)
    assert hurried.errors == 0
    Recorder.seen = []
    reading = run(tmp_path, server, [person], "300", "400", "1000")

    # One second of 300–400 ms pauses leaves room for three clicks at most, where a person
    # who never pauses makes hundreds; the second run's posts count on from 1,000.
    assert hurried_requests > 50
    assert 1 <= reading.gets + reading.posts <= 3
    assert reading.errors == 0
    bodies = [body for method, _, _, _, body in Recorder.seen if method == "POST"]
    assert bodies and all(int(body.removeprefix("n=")) > 1000 for body in bodies)


@pytest.mark.usefixtures("wrk")
@pytest.mark.parametrize("action", ["GET /broken/", "POST /invalid/ a=1", "POST /expired/ a=1"])
def test_an_error_a_refused_form_or_a_lost_session_counts_as_an_error(action, tmp_path, server):
    result = run(tmp_path, server, [Person("a@example.org", "resident", (action,))])

    assert result.errors > 0
    assert not result.passed
    method, path = action.split()[:2]
    assert result.examples[0].endswith(f"from {method} {path}")
    assert "FAIL" in result.lines()[1]


def test_output_without_the_mixed_figures_is_refused():
    with pytest.raises(MixedOutputError):
        parse_mixed("Running 1s test @ http://127.0.0.1:1/\nRequests/sec: 10.0\n")


def test_a_p95_of_250_ms_or_more_fails():
    output = (
        "Requests/sec: 100.0\nMixed p50 us: 20000\nMixed p95 us: 250000\nMixed p99 us: 400000\n"
        "Mixed requests: 900 GET, 100 POST\nMixed errors: 0\n"
    )
    result = parse_mixed(output)

    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (20.0, 250.0, 400.0)
    assert not result.passed
    assert result.lines()[1].startswith("FAIL: mixed load p95 250.0 ms (goal < 250 ms)")


@pytest.mark.django_db
def test_every_request_of_every_persons_plan_succeeds_for_them(client):
    bench_data_seed(size=TINY, today=date.today())
    found = people()
    assert {"director", "coordinator", "coach", "sponsor", "resident"} <= {p.role for p in found}

    for number, person in enumerate(found):
        client.force_login(User.objects.get(email=person.email))
        for action in person.actions:
            method, path, *body = action.split(" ", 2)
            if method == "GET":
                assert client.get(path).status_code == 200, (person, path)
            else:
                day = (date.today() - timedelta(days=number + 1)).isoformat()
                data = body[0].replace("{day}", day).replace("{n}", str(number))
                response = client.post(path, data, content_type="application/x-www-form-urlencoded")
                assert response.status_code == 302, (person, path)
                assert "login" not in response["Location"]
