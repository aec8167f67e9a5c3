"""SCIM attributes in, SCIM attributes out. A request's attributes are read into a flat dict
({"userName": …, "name.givenName": …, "roles": [...], "residencyStart": …}) whatever shape they
came in (a whole User, an Entra path-less PATCH value, a PATCH path), then checked for type
here; everything else is checked by the roster import's own row parser (see people.py)."""

import json
import re

from pathway.models import Role
from pathway.people.scim import schema
from pathway.people.scim.errors import ScimError, invalid

TEXT = (
    "userName",
    "displayName",
    "name.formatted",
    "name.givenName",
    "name.familyName",
    "nickName",
    "title",
)
EXTENSION = ("residencyStart", "expectedGraduation", "track")
KNOWN = {name.lower(): name for name in (*TEXT, "active", "roles")} | {
    f"{schema.RESIDENT}:{name}".lower(): name for name in EXTENSION
}
CORE_PREFIX = f"{schema.USER}:".lower()
# Standard attributes an identity provider sends by default that this app does not keep:
# accepted and ignored, so that Entra's default attribute mappings work unchanged.
IGNORED = frozenset(
    {
        "schemas",
        "id",
        "meta",
        "externalid",
        "emails",
        "phonenumbers",
        "addresses",
        "preferredlanguage",
        "locale",
        "timezone",
        "usertype",
        "profileurl",
        "photos",
        "ims",
        "entitlements",
        "groups",
        "x509certificates",
        "password",
        "name.middlename",
        "name.honorificprefix",
        "name.honorificsuffix",
    }
)
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"
# roles[value eq "coach"]: how Entra names one role to remove.
ROLE_FILTER = re.compile(r'\s*roles\s*\[\s*value\s+eq\s+"([^"]{1,40})"\s*\]\s*', re.IGNORECASE)
ROLE_HINT = ", ".join(role.value for role in Role)


def shown(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else f"{text[:40]}…"


def canonical(path: str) -> str | None:
    """The attribute a path names; None for one ignored; ScimError for one unknown."""
    key = path.strip().lower()
    if key.startswith(CORE_PREFIX):
        key = key[len(CORE_PREFIX) :]
    if key in KNOWN:
        return KNOWN[key]
    root = re.split(r"[\[]", key, maxsplit=1)[0]
    if key.startswith(ENTERPRISE) or root in IGNORED or root.split(".", 1)[0] in IGNORED:
        return None
    raise ScimError(f"Unknown attribute {shown(path)}.", status=400, scim_type="invalidPath")


def flatten(document: dict, prefix: str = "") -> dict:
    """A User (or part of one) as flat attributes, unchecked."""
    attrs = {}
    for key, value in document.items():
        if not isinstance(key, str):
            continue
        lowered = key.lower()
        nested = {schema.RESIDENT.lower(): f"{schema.RESIDENT}:", schema.USER.lower(): ""}
        if not prefix and (lowered in nested or lowered == "name"):
            if isinstance(value, dict):
                attrs.update(flatten(value, nested.get(lowered, "name.")))
            elif value is not None:
                raise invalid(f"{key} must be an object.")
            continue
        name = canonical(prefix + key)
        if name is not None:
            attrs[name] = value
    return attrs


def checked(attrs: dict) -> dict:
    """The attributes with their types checked: text, a boolean, role words."""
    out = {}
    for name, value in attrs.items():
        if name == "active":
            out[name] = boolean(value)
        elif name == "roles":
            out[name] = role_words(value)
        elif value is None:
            out[name] = ""
        elif isinstance(value, str):
            out[name] = value
        else:
            raise invalid(f"{name} must be text, not {shown(value)}.")
    return out


def boolean(value) -> bool:
    """Entra ID sends active as the text "True" or "False" in a PATCH."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise invalid(f"active must be true or false, not {shown(value)}.")


def role_words(value) -> list[str]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    words = []
    for item in items:
        word = item.get("value") if isinstance(item, dict) else item
        if not isinstance(word, str):
            raise invalid(f'Give each role as {{"value": "<role>"}}, one of {ROLE_HINT}.')
        words.append(word.strip().lower())
    return words


def user_resource(user, *, base_url: str) -> dict:
    """A person as a SCIM User. `user` comes with its profiles (User.objects.with_roles())."""
    resident = Role.RESIDENT in user.roles
    document = {
        "schemas": [schema.USER, schema.RESIDENT] if resident else [schema.USER],
        "id": str(user.pk),
        "userName": user.email,
        "name": {"formatted": user.full_name},
        "displayName": user.full_name,
        "nickName": user.preferred_name,
        "title": user.title,
        "active": user.is_active,
        "emails": [{"value": user.email, "type": "work", "primary": True}],
        "roles": [
            {"value": role.value, "display": role.label, "primary": False}
            for role in Role
            if role in user.roles
        ],
        "meta": {
            "resourceType": "User",
            "created": user.date_joined.isoformat(),
            "lastModified": user.updated_at.isoformat(),
            "location": f"{base_url}/Users/{user.pk}",
        },
    }
    if resident:
        profile = user.resident_profile
        document[schema.RESIDENT] = {
            "residencyStart": profile.residency_start.isoformat(),
            "expectedGraduation": profile.expected_graduation.isoformat(),
            "track": profile.track,
        }
    return document
