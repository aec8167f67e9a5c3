"""The SCIM writes, as the roster import makes them: each person is checked by the roster's row
parser (pathway.people.roster.roster_row_parse: required fields, lengths, email, roles, resident
dates) and saved by the people services (person_create, person_update, person_deactivate, …).

What a SCIM token may grant: what a coordinator may grant (resident, coach, sponsor). Director
and coordinator open every record of a program, so they stay in the hands of the program's
directors and the site administrators, in the app (pathway.people.services.grantable_roles);
a token is a long-lived secret held by another system, and leaking it must not make anyone a
director. Site administrators are outside every token's reach."""

import re

from django.db import IntegrityError, transaction

from pathway.models import Role, User
from pathway.people.roster import roster_row_parse
from pathway.people.scim import schema
from pathway.people.scim.attributes import (
    ROLE_FILTER,
    canonical,
    checked,
    flatten,
    shown,
)
from pathway.people.scim.errors import ScimError, invalid
from pathway.people.services import (
    PersonError,
    person_create,
    person_deactivate,
    person_email_change_confirm,
    person_reactivate,
    person_roles_check,
    person_update,
)

MAX_OPERATIONS = 100
# SCIM attribute -> the roster column it fills.
COLUMN_OF = {
    "userName": "email",
    "nickName": "preferred_name",
    "title": "title",
    "residencyStart": "residency_start",
    "expectedGraduation": "expected_graduation",
    "track": "track",
}
# The roster's messages name its columns; the identity provider's log should name attributes.
ATTRIBUTE_OF = {
    "full_name": "displayName",
    "email": "userName",
    "preferred_name": "nickName",
    "residency_start": f"{schema.RESIDENT}:residencyStart",
    "expected_graduation": f"{schema.RESIDENT}:expectedGraduation",
    "roles is empty": "roles is empty (give resident, coach or sponsor)",
}
COLUMN_WORD = re.compile(r"\b(" + "|".join(sorted(ATTRIBUTE_OF, key=len, reverse=True)) + r")\b")


class _Provisioning:
    """The actor of a SCIM write, for person_roles_check: it grants what a coordinator may."""

    pk = None
    is_superuser = False

    def has_role(self, *roles):
        return Role.COORDINATOR in roles


PROVISIONING = _Provisioning()


def scim_users(program):
    """The people a program's token sees: its members, site administrators excepted."""
    return User.objects.with_roles().filter(program=program, is_superuser=False, is_staff=False)


@transaction.atomic
def scim_user_create(*, program, document) -> User:
    attrs = checked(flatten(_object(document)))
    person = _person({}, attrs, whole=True)
    _unique(person.email)
    _roles_check(user=None, roles=person.roles)
    try:
        user = person_create(program=program, data=person, actor=PROVISIONING)
    except (IntegrityError, PersonError) as error:
        # The same person sent twice at once (an identity provider retrying): the second
        # passed _unique before the first committed, and person_create or the database's
        # unique email refuses it.
        if isinstance(error, PersonError) and not _taken(person.email):
            raise
        raise ScimError(
            f"{person.email} already has an account.", status=409, scim_type="uniqueness"
        ) from None
    if attrs.get("active") is False:
        person_deactivate(user=user)
    return user


def scim_user_replace(*, user, document) -> User:
    """PUT: the whole User; roles and the resident attributes stay as they are when absent
    (an identity provider without role mappings sends none)."""
    return _update(user, checked(flatten(_object(document))), whole=True)


def scim_user_patch(*, user, document) -> User:
    return _update(user, _patched(user, _object(document)), whole=False)


def scim_user_deactivate(*, user) -> User:
    """DELETE: the person can no longer sign in; everything they recorded stays."""
    if user.is_active:
        person_deactivate(user=user)
    return user


@transaction.atomic
def _update(user, attrs, *, whole) -> User:
    user = scim_users(user.program_id).select_for_update(of=("self",)).get(pk=user.pk)
    person = _person(_row_of(user), attrs, whole=whole)
    new_email = person.email
    if new_email != user.email.lower():
        _unique(new_email, exclude=user)
    _roles_check(user=user, roles=person.roles)
    # The identity provider is the source of truth for the address: it is set at once (the
    # old address is told), not confirmed by a link as when a person changes it in the app.
    person.email = user.email
    person_update(user=user, data=person, actor=PROVISIONING)
    if new_email != user.email.lower():
        person_email_change_confirm(user=user, new_email=new_email)
    active = attrs.get("active")
    if active is True and not user.is_active:
        person_reactivate(user=user)
    elif active is False and user.is_active:
        person_deactivate(user=user)
    return user


def _object(document) -> dict:
    if not isinstance(document, dict):
        raise ScimError("The body must be a JSON object.", scim_type="invalidSyntax")
    return document


def _taken(email, exclude=None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _unique(email, exclude=None):
    if _taken(email, exclude):
        raise ScimError(f"{email} already has an account.", status=409, scim_type="uniqueness")


def _roles_check(*, user, roles):
    try:
        person_roles_check(actor=PROVISIONING, user=user, roles=roles)
    except PersonError as error:
        raise ScimError(
            f"{error} A SCIM token grants resident, coach and sponsor only.", status=403
        ) from None


def _person(row, attrs, *, whole):
    """The roster row `row` (a person's current one, or empty) with the attributes laid over
    it, parsed by the roster import; ScimError (400) naming every problem."""
    row = dict(row)
    for name, column in COLUMN_OF.items():
        if name in attrs:
            row[column] = attrs[name]
        elif whole and column in ("preferred_name", "title"):
            row[column] = ""  # a PUT replaces the whole User: what it leaves out is cleared
    row["full_name"] = _full_name(attrs, row.get("full_name", ""), whole=whole)
    if "roles" in attrs:
        row["roles"] = ";".join(attrs["roles"])
    person, problems = roster_row_parse(row)
    if problems:
        raise invalid("; ".join(_attribute_words(problem) for problem in problems) + ".")
    return person


def _attribute_words(problem):
    """The roster's message with its column names as SCIM attributes; the values it quotes
    ('…') are left as they are."""
    parts = problem.split("'")
    parts[::2] = [COLUMN_WORD.sub(lambda m: ATTRIBUTE_OF[m.group(1)], part) for part in parts[::2]]
    return "'".join(parts)


def _full_name(attrs, current, *, whole):
    for name in ("displayName", "name.formatted"):
        if attrs.get(name, "").strip():
            return attrs[name]
    given, family = attrs.get("name.givenName", ""), attrs.get("name.familyName", "")
    # A PATCH of one half of the name alone cannot rebuild the whole: the rest is not kept.
    if (given or family) and (whole or ("name.givenName" in attrs and "name.familyName" in attrs)):
        return f"{given} {family}".strip()
    return "" if whole and not current else current


def _row_of(user) -> dict:
    """A person as the roster row that would leave them exactly as they are."""
    row = {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_name": user.preferred_name,
        "title": user.title,
        "roles": ";".join(sorted(role.value for role in user.roles)),
    }
    if Role.RESIDENT in user.roles:
        profile = user.resident_profile
        row |= {
            "residency_start": profile.residency_start.isoformat(),
            "expected_graduation": profile.expected_graduation.isoformat(),
            "track": profile.track,
            "pathway_status": profile.pathway_status,
            "pgy_override": "" if profile.pgy_override is None else str(profile.pgy_override),
            "pgy_override_reason": profile.pgy_override_reason,
            "areas_of_interest": ";".join(a.name for a in profile.areas_of_interest.all()),
        }
    if Role.COACH in user.roles:
        profile = user.coach_profile
        row |= {"specialty": profile.specialty, "caseload_capacity": str(profile.caseload_capacity)}
    if Role.SPONSOR in user.roles:
        row["department"] = user.sponsor_profile.department
    if Role.DIRECTOR in user.roles:
        row["is_associate"] = "yes" if user.director_profile.is_associate else "no"
    return row


def _patched(user, document) -> dict:
    """The attributes a PATCH sets (RFC 7644 §3.5.2), in Entra ID's and Okta's shapes: op in any
    case, a path or a path-less object of attributes, roles added and removed one by one."""
    operations = document.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError(
            'Send {"Operations": [...]}: a list of operations.', scim_type="invalidSyntax"
        )
    if len(operations) > MAX_OPERATIONS:
        raise invalid(f"At most {MAX_OPERATIONS} operations at a time.")
    attrs, roles = {}, None
    for number, operation in enumerate(operations, start=1):
        kind, changes = _operation(number, operation)
        for name, value in changes.items():
            if name != "roles":
                attrs[name] = value
                continue
            held = roles if roles is not None else {role.value for role in user.roles}
            if kind == "add":
                roles = held | set(value)
            elif kind == "replace":
                roles = set(value)
            else:
                roles = held - set(value) if value else set()
    if roles is not None:
        attrs["roles"] = sorted(roles)
    return attrs


def _operation(number, operation) -> tuple[str, dict]:
    if not isinstance(operation, dict):
        raise ScimError(f"Operation {number} is not an object.", scim_type="invalidSyntax")
    kind = operation.get("op")
    kind = kind.lower() if isinstance(kind, str) else kind
    if kind not in ("add", "replace", "remove"):
        raise ScimError(
            f"Operation {number}: op must be add, replace or remove, not {shown(kind)}.",
            scim_type="invalidSyntax",
        )
    path, value = operation.get("path"), operation.get("value")
    if path in (None, ""):
        if kind == "remove":
            raise ScimError(f"Operation {number}: remove needs a path.", scim_type="noTarget")
        if not isinstance(value, dict):
            raise invalid(f"Operation {number}: without a path, value must be an object.")
        return kind, checked(flatten(value))
    if not isinstance(path, str) or len(path) > 200:
        raise ScimError(f"Operation {number}: path must be text.", scim_type="invalidPath")
    if match := ROLE_FILTER.fullmatch(path):
        name, value = "roles", [match.group(1)]
    else:
        name = canonical(path)
    if name is None:
        return kind, {}
    if kind == "remove":
        if name == "active":
            raise invalid(f"Operation {number}: active cannot be removed; set it to false.")
        if name != "roles":
            value = None
    return kind, checked({name: value})
