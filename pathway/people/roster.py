"""Roster CSV import: the whole file is checked before anything is written.

Columns (header row required, any order; only email, full_name and roles are required):

    email, full_name, preferred_name, roles, title,
    track, residency_start, expected_graduation, pgy_override, pgy_override_reason,
    pathway_status, areas_of_interest, specialty, caseload_capacity, department, is_associate

roles: one or more of resident, coach, sponsor, director, coordinator, separated by ";".
Dates: YYYY-MM-DD. areas_of_interest: separated by ";". is_associate: yes/no.
pgy_override (1-7, for extensions and leave) needs a pgy_override_reason.
An email already in the program updates that person instead of creating a duplicate.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from pathway.core.outbox import outbox_task
from pathway.models import (
    CoachProfile,
    InterestArea,
    PathwayStatus,
    Program,
    ResidentProfile,
    Role,
    SponsorProfile,
    Track,
    User,
)
from pathway.people.services import (
    RESIDENT_FIELDS,
    PersonData,
    PersonError,
    _apply,
    person_create,
    person_roles_check,
)

MAX_ROSTER_BYTES = 1_048_576
MAX_ROSTER_ROWS = 5000
COLUMNS = (
    "email",
    "full_name",
    "preferred_name",
    "roles",
    "title",
    *RESIDENT_FIELDS,
    "areas_of_interest",
    "specialty",
    "caseload_capacity",
    "department",
    "is_associate",
)
REQUIRED = ("email", "full_name", "roles")
ROLE_WORDS = {role.value: role for role in Role}
TRACK_WORDS = {t.value: t for t in Track} | {"primary care": Track.PRIMARY_CARE}
STATUS_WORDS = {s.value: s for s in PathwayStatus} | {"not in pathway": PathwayStatus.NOT_ENROLLED}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class RosterResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, message)

    @property
    def ok(self):
        return not self.errors

    @property
    def people(self) -> int:
        return len(self.created) + len(self.updated)


# Longest text each column may hold: the model's own limits, so a row that would not fit is a
# row error, not a database error (or, on SQLite, stored past the limit).
TEXT_LIMITS = {
    "full_name": User._meta.get_field("full_name").max_length,
    "preferred_name": User._meta.get_field("preferred_name").max_length,
    "title": User._meta.get_field("title").max_length,
    "pgy_override_reason": ResidentProfile._meta.get_field("pgy_override_reason").max_length,
    "specialty": CoachProfile._meta.get_field("specialty").max_length,
    "department": SponsorProfile._meta.get_field("department").max_length,
    "email": User._meta.get_field("email").max_length,
}
AREA_MAX_LENGTH = InterestArea._meta.get_field("name").max_length
# As on the person form.
MAX_CASELOAD = 100
WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: "²" is a digit to str.isdigit()


def _whole_number(value, low, high):
    """The number, or None when the text is not a whole number from low to high."""
    if not WHOLE_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def _date(value, column, problems):
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{column} '{value}' is not a date in YYYY-MM-DD form")
        return None


def roster_row_parse(row) -> tuple[PersonData | None, list[str]]:
    """One row (column -> text) as a person, or the problems with it. SCIM provisioning
    (pathway.people.scim) checks the people it is sent with this too."""
    problems = []
    get = {key: (row.get(key) or "").strip() for key in COLUMNS}
    for column in REQUIRED:
        if not get[column]:
            problems.append(f"{column} is empty")
    for column, limit in TEXT_LIMITS.items():
        if len(get[column]) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    email = get["email"].lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"email '{get['email']}' is not a valid address")
    roles = set()
    for word in filter(None, (w.strip().lower() for w in get["roles"].split(";"))):
        if word in ROLE_WORDS:
            roles.add(ROLE_WORDS[word])
        else:
            problems.append(f"role '{word}' is not one of {', '.join(ROLE_WORDS)}")
    profile = {}
    areas = None
    if Role.RESIDENT in roles:
        for column in ("residency_start", "expected_graduation"):
            if not get[column]:
                problems.append(f"{column} is required for a resident")
            else:
                profile[column] = _date(get[column], column, problems)
        start, end = profile.get("residency_start"), profile.get("expected_graduation")
        if start and end and end <= start:
            problems.append("expected_graduation must be after residency_start")
        track = get["track"].lower() or Track.CATEGORICAL.value
        if track in TRACK_WORDS:
            profile["track"] = TRACK_WORDS[track]
        else:
            problems.append(f"track '{get['track']}' is not categorical or primary_care")
        status = get["pathway_status"].lower() or PathwayStatus.NOT_ENROLLED.value
        if status in STATUS_WORDS:
            profile["pathway_status"] = STATUS_WORDS[status]
        else:
            problems.append(
                f"pathway_status '{get['pathway_status']}' is not one of "
                f"{', '.join(s.value for s in PathwayStatus)}"
            )
        if get["pgy_override"]:
            level = _whole_number(get["pgy_override"], 1, 7)
            if level is not None:
                profile["pgy_override"] = level
            else:
                problems.append("pgy_override must be a whole number from 1 to 7")
            # As on the form: an override is shown with its reason, so it needs one.
            if get["pgy_override_reason"]:
                profile["pgy_override_reason"] = get["pgy_override_reason"]
            else:
                problems.append("pgy_override_reason is required with a pgy_override")
        areas = [a for a in get["areas_of_interest"].split(";") if a.strip()]
        for area in areas:
            if len(" ".join(area.split())) > AREA_MAX_LENGTH:
                problems.append(
                    f"area of interest '{area.strip()[:40]}…' is longer than "
                    f"{AREA_MAX_LENGTH} characters"
                )
    if Role.COACH in roles:
        profile["specialty"] = get["specialty"]
        if get["caseload_capacity"]:
            capacity = _whole_number(get["caseload_capacity"], 0, MAX_CASELOAD)
            if capacity is not None:
                profile["caseload_capacity"] = capacity
            else:
                problems.append(
                    f"caseload_capacity must be a whole number from 0 to {MAX_CASELOAD}"
                )
    if Role.SPONSOR in roles:
        profile["department"] = get["department"]
    if Role.DIRECTOR in roles:
        word = get["is_associate"].lower()
        if word in YES | NO:
            profile["is_associate"] = word in YES
        else:
            problems.append("is_associate must be yes or no")
    if problems:
        return None, problems
    return (
        PersonData(
            email=email,
            full_name=" ".join(get["full_name"].split()),
            preferred_name=get["preferred_name"],
            title=get["title"],
            roles=roles,
            profile=profile,
            areas_of_interest=areas,
        ),
        [],
    )


def roster_parse(raw: bytes) -> tuple[list[tuple[int, PersonData]], list[tuple[int, str]]]:
    errors = []
    if len(raw) > MAX_ROSTER_BYTES:
        return [], [(0, f"The file is larger than {MAX_ROSTER_BYTES // 1024} KB.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, "The file is not UTF-8 text. Save it from Excel as 'CSV UTF-8'.")]
    if "\x00" in text:
        # Python's csv reader accepts NUL, but PostgreSQL refuses it in text columns.
        return [], [(0, "The file contains NUL characters, so it is not a plain CSV file.")]
    # A plain csv.reader, not DictReader: DictReader skips empty lines without counting them,
    # and the row numbers shown must match the spreadsheet's.
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            return [], [(1, f"The header row lacks the column(s): {', '.join(missing)}.")]
        unknown = [h for h in header if h and h not in COLUMNS]
        if unknown:
            errors.append((1, f"Unknown column(s): {', '.join(unknown)}."))
        rows, seen = [], {}
        for number, cells in enumerate(reader, start=2):
            if number - 1 > MAX_ROSTER_ROWS:
                errors.append((number, f"More than {MAX_ROSTER_ROWS} rows; split the file."))
                break
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                errors.append((number, "This row has more cells than the header."))
                continue
            person, problems = roster_row_parse(dict(zip(header, cells, strict=False)))
            for problem in problems:
                errors.append((number, problem))
            if person:
                if person.email in seen:
                    errors.append(
                        (number, f"{person.email} also appears on row {seen[person.email]}")
                    )
                    continue
                seen[person.email] = number
                rows.append((number, person))
    except csv.Error as error:
        return [], [
            (
                reader.line_num,
                f"The file could not be read as CSV ({error}). Look for a cell whose opening "
                'quote (") is never closed.',
            )
        ]
    if not rows and not errors:
        errors.append((2, "The file has no data rows."))
    return rows, errors


def roster_import(*, program, raw: bytes, actor=None, dry_run: bool = False) -> RosterResult:
    """Create or update everyone in the file, or nobody: any bad row rejects the whole file.

    With an `actor`, no row may give or take a role beyond what the actor may grant.
    dry_run: do all of it, every check included, then roll it back (no invitation is sent, no
    task queued): `created` and `updated` say what applying the file would do."""
    result = RosterResult()
    rows, result.errors = roster_parse(raw)
    if result.errors:
        return result
    existing = {
        u.email: u for u in User.objects.with_roles().filter(email__in=[p.email for _, p in rows])
    }
    for number, person in rows:
        user = existing.get(person.email)
        if user and user.program_id != program.pk:
            result.errors.append(
                (number, f"{person.email} belongs to another program and cannot be imported here")
            )
            continue
        if actor is not None:
            try:
                person_roles_check(actor=actor, user=user, roles=person.roles)
            except PersonError as error:
                result.errors.append((number, str(error)))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, person in rows:
                try:
                    user = existing.get(person.email)
                    if user:
                        _apply(user, person)
                        result.updated.append(user)
                    else:
                        result.created.append(
                            person_create(program=program, data=person, sync_milestones=False)
                        )
                except PersonError as error:
                    result.errors.append((number, str(error)))
            if result.errors:
                raise _Rollback
            if dry_run:
                raise _Preview
            outbox_task(
                task="pathway.tasks.milestones_sync_task",
                description=f"Milestones of {program} after a roster import",
                program_id=program.pk,
            )
    except _Preview:
        pass  # rolled back; the lists say what would happen
    except _Rollback:
        result.created, result.updated = [], []
    return result


class _Rollback(Exception):
    pass


class _Preview(Exception):
    pass


# A previewed roster travels back with the "Import" button, signed so that what is applied is
# exactly the file previewed, by the person who previewed it, within the hour.
PREVIEW_SALT = "pathway.people.roster.preview"
PREVIEW_MAX_AGE = 3600


class RosterPreviewError(Exception):
    pass


def roster_preview_sign(*, user, program, raw: bytes) -> str:
    payload = {"user": user.pk, "program": program.pk, "raw": raw.decode("utf-8-sig")}
    return signing.dumps(payload, salt=PREVIEW_SALT, compress=True)


def roster_preview_read(*, user, token: str) -> tuple[Program, bytes]:
    try:
        payload = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        raise RosterPreviewError(
            "The preview is more than an hour old: upload the file again."
        ) from None
    except signing.BadSignature:
        raise RosterPreviewError("The preview could not be read: upload the file again.") from None
    if payload.get("user") != user.pk:
        raise RosterPreviewError("This preview was made by someone else: upload the file again.")
    program = Program.objects.filter(pk=payload.get("program")).first()
    if program is None or not (user.is_superuser or program.pk == user.program_id):
        raise RosterPreviewError("The program of this preview is not yours to import into.")
    return program, payload["raw"].encode("utf-8")
