"""Writes that touch several models or send mail. Keyword-only arguments, `<entity>_<action>`."""

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pathway.core.emails import absolute_url, email_send
from pathway.core.errors import ServiceError
from pathway.milestones.services import milestones_sync
from pathway.models import (
    ROLE_PROFILES,
    ApiToken,
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    InterestArea,
    ResidentProfile,
    Role,
    SponsorProfile,
    User,
)
from pathway.models.api_tokens import (
    HINT_LENGTH,
    MAX_ACTIVE_TOKENS,
    TOKEN_PREFIX,
    api_token_hash,
    new_api_token,
)

RESIDENT_FIELDS = (
    "track",
    "residency_start",
    "expected_graduation",
    "pgy_override",
    "pgy_override_reason",
    "pathway_status",
)
PROFILE_FIELDS = {
    Role.RESIDENT: (ResidentProfile, RESIDENT_FIELDS),
    Role.COACH: (CoachProfile, ("specialty", "caseload_capacity")),
    Role.SPONSOR: (SponsorProfile, ("department",)),
    Role.DIRECTOR: (DirectorProfile, ("is_associate",)),
    Role.COORDINATOR: (CoordinatorProfile, ()),
}


class PersonError(ServiceError):
    """A change to a person that the rules refuse; the message is shown to the user."""


# Director and coordinator open every record of a program (coaching notes included), so only a
# director or a site administrator hands them out; a coordinator grants the other roles.
ROLES_ONLY_DIRECTORS_GRANT = frozenset({Role.DIRECTOR, Role.COORDINATOR})
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600
EMAIL_CHANGE_SALT = "pathway.email-change"


def grantable_roles(actor) -> frozenset:
    """The roles `actor` may give to (or take from) someone else."""
    if actor.is_superuser or actor.has_role(Role.DIRECTOR):
        return frozenset(Role)
    if actor.has_role(Role.COORDINATOR):
        return frozenset(Role) - ROLES_ONLY_DIRECTORS_GRANT
    return frozenset()


def person_roles_check(*, actor, user, roles) -> None:
    """Refuse a role change `actor` may not make. `user` is None for someone new.

    Nobody changes their own roles (a coordinator would make themselves director), and
    nobody grants or removes a role beyond grantable_roles(actor)."""
    current = set(user.roles) if user is not None else set()
    changed = current ^ set(roles)
    if not changed:
        return
    who = user.email if user is not None else "this person"
    if user is not None and user.pk == actor.pk:
        raise PersonError("You cannot change your own roles; ask a program director.")
    if user is not None and (user.is_superuser or user.is_staff) and not actor.is_superuser:
        raise PersonError(f"{who}: only a site administrator changes an administrator's roles.")
    beyond = changed - grantable_roles(actor)
    if beyond:
        labels = ", ".join(sorted(Role(r).label for r in beyond))
        raise PersonError(
            f"{who}: only a program director or site administrator grants or removes the "
            f"role(s) {labels}."
        )


@dataclass
class PersonData:
    email: str
    full_name: str
    roles: set
    preferred_name: str = ""
    title: str = ""
    profile: dict = field(default_factory=dict)
    areas_of_interest: list = field(default_factory=list)


def _interest_areas(names):
    areas = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        area = InterestArea.objects.filter(name__iexact=name).first()
        areas.append(area or InterestArea.objects.create(name=name))
    return areas


def _apply(user: User, data: PersonData):
    user.full_name = data.full_name
    user.preferred_name = data.preferred_name
    user.title = data.title
    user.save()
    current = {role for role, attr in _profile_attrs() if _has_profile(user, attr)}
    if Role.RESIDENT in current and Role.RESIDENT not in data.roles:
        raise PersonError(
            f"{user.email}: the resident role cannot be removed, because it holds the "
            "resident's pathway record. Deactivate the person instead."
        )
    for role, (model, fields) in PROFILE_FIELDS.items():
        values = {name: data.profile[name] for name in fields if name in data.profile}
        if role in data.roles:
            if role == Role.RESIDENT:
                today = timezone.localdate()
                profile = model.objects.filter(user=user).first() or model(user=user)
                old_status = profile.pathway_status if profile.pk else None
                for name, value in values.items():
                    setattr(profile, name, value)
                if profile.pathway_status != old_status:
                    profile.set_status(profile.pathway_status, on=today)
                profile.save()
                if data.areas_of_interest is not None:
                    profile.areas_of_interest.set(_interest_areas(data.areas_of_interest))
            else:
                model.objects.update_or_create(user=user, defaults=values)
        elif role in current:
            model.objects.filter(user=user).delete()
    # Roles and profiles are cached on the instance; the profiles just changed.
    user.__dict__.pop("roles", None)
    user._state.fields_cache.clear()


def _profile_attrs():
    return ROLE_PROFILES.items()


def _has_profile(user, attr):
    try:
        getattr(user, attr)
    except ObjectDoesNotExist:
        return False
    return True


def _sync_milestones(user):
    """A resident's dates or status may have changed: bring their milestones up to date."""
    if Role.RESIDENT in user.roles:
        milestones_sync(residents=[user.resident_profile])


@transaction.atomic
def person_create(
    *, program, data: PersonData, invite: bool = True, sync_milestones: bool = True, actor=None
) -> User:
    """Add someone to a program with their roles, and email them a link to set a password.

    sync_milestones=False leaves generating a resident's milestones to the caller (a roster
    import does the whole program at once). `actor`, when a person (not the system) adds
    someone, limits the roles to those they may grant."""
    if actor is not None:
        person_roles_check(actor=actor, user=None, roles=data.roles)
    if User.objects.filter(email__iexact=data.email).exists():
        raise PersonError(f"{data.email} already has an account.")
    user = User.objects.create_user(
        email=data.email, password=None, full_name=data.full_name, program=program
    )
    _apply(user, data)
    if sync_milestones:
        _sync_milestones(user)
    if invite:
        transaction.on_commit(lambda: person_invite(user=user))
    return user


@transaction.atomic
def person_update(*, user: User, data: PersonData, actor=None) -> User:
    """Save someone's details and roles. A new email address is not set here: the new address
    is sent a link that confirms it (person_email_change_request), and the old one is told."""
    if User.objects.filter(email__iexact=data.email).exclude(pk=user.pk).exists():
        raise PersonError(f"{data.email} already belongs to someone else.")
    if actor is not None:
        person_roles_check(actor=actor, user=user, roles=data.roles)
    email_changed = data.email.lower() != user.email.lower()
    administrator = user.is_superuser or user.is_staff
    if email_changed and actor is not None and administrator and not actor.is_superuser:
        raise PersonError("Only a site administrator changes an administrator's email.")
    _apply(user, data)
    _sync_milestones(user)
    if email_changed:
        new_email = data.email
        person_email_change_request(user=user, new_email=new_email)
    return user


def email_change_token(*, user: User, new_email: str) -> str:
    # The current address is inside the token, so a link stops working once the email changes.
    return signing.dumps(
        {"user": user.pk, "old": user.email.lower(), "new": new_email.lower()},
        salt=EMAIL_CHANGE_SALT,
    )


def email_change_read(token: str) -> dict | None:
    """The change a token asks for, or None when it is forged, expired or already used."""
    try:
        change = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=change.get("user")).first()
    if user is None or user.email.lower() != change.get("old"):
        return None
    return {"user": user, "new": change["new"]}


def person_email_change_request(*, user: User, new_email: str) -> None:
    """Email the new address a link that confirms it, and tell the old address."""
    link = absolute_url(
        reverse("email_change_confirm", args=[email_change_token(user=user, new_email=new_email)])
    )
    context = {"user": user, "new_email": new_email, "link": link}
    email_send(
        to=new_email, template="pathway/email_change_confirm", context=context, fail_silently=True
    )
    email_send(
        to=user.email, template="pathway/email_change_notice", context=context, fail_silently=True
    )


@transaction.atomic
def person_email_change_confirm(*, user: User, new_email: str) -> User:
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise PersonError(f"{new_email} already belongs to someone else.")
    old_email = user.email
    user.email = new_email
    user.save(update_fields=["email", "updated_at"])
    context = {"user": user, "new_email": new_email, "old_email": old_email}
    email_send(to=old_email, template="pathway/email_changed", context=context, fail_silently=True)
    return user


def person_invite(*, user: User) -> int:
    """Email a one-time link with which a new person sets their own password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = absolute_url(reverse("password_reset_confirm", args=[uid, token]))
    return email_send(
        to=user.email,
        template="pathway/invitation",
        context={"user": user, "program": user.program, "link": link},
        fail_silently=True,
    )


def person_deactivate(*, user: User) -> User:
    """Stop someone signing in; everything they recorded stays."""
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    return user


def person_reactivate(*, user: User) -> User:
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    return user


# --- Personal API tokens --------------------------------------------------------------------


class ApiTokenError(ServiceError):
    pass


@transaction.atomic
def api_token_create(*, user, name) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row (a hash only) and the token itself, which the
    caller shows once and never again."""
    # Lock the person's row so two simultaneous requests cannot both pass the limit.
    User.objects.select_for_update().get(pk=user.pk)
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS:
        raise ApiTokenError(
            f"You already have {MAX_ACTIVE_TOKENS} active tokens. Revoke one you no longer use."
        )
    raw = new_api_token()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        hint=raw[: len(TOKEN_PREFIX) + HINT_LENGTH],
        key_hash=api_token_hash(raw),
    )
    return token, raw


def api_token_revoke(*, token) -> ApiToken:
    """Refuse the token from now on; the row stays so the person sees when it was revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
