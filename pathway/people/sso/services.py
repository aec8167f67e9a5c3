"""Who an identity provider's sign-in is, and who must sign in which way."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q

from pathway.models import IdentityProvider, Role, User


class SignInRefused(Exception):
    """An SSO sign-in that matches no one allowed in; `reason` is what the person is told."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sso_member_for(*, provider: IdentityProvider, verified_emails: list[str]) -> User:
    """The active member of the provider's program whose email is one the provider vouched
    for. Nobody is created: the program's roster is the source of who is in it."""
    if not verified_emails:
        raise SignInRefused(
            f"{provider.name} did not confirm your email address, so we cannot tell who you "
            "are. Ask your hospital's IT team to release a verified email address."
        )
    emails = Q()
    for email in verified_emails:
        emails |= Q(email__iexact=email.strip())
    user = (
        User.objects.with_roles()
        .filter(emails, program=provider.program_id, is_active=True)
        .first()
    )
    if user is None:
        raise SignInRefused(
            f"{', '.join(verified_emails)} is not on the roster of {provider.program}. "
            "Ask your program coordinator to add you with this email address; "
            "nothing was created."
        )
    return user


def password_refused_for(user: User) -> str | None:
    """Why this person may not sign in with a password, or None. Site administrators always
    may: they are how a program whose identity provider is down gets back in."""
    if user.is_superuser or user.program_id is None or not user.program.require_sso:
        return None
    return (
        f"{user.program} signs in through the hospital: use the "
        "“Sign in with …” button below instead of a password."
    )


# Either an authenticator app or a security key counts as a second factor (recovery codes come
# with them and are no factor on their own).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def keeps_another_second_factor(authenticator: Authenticator) -> bool:
    return (
        Authenticator.objects.filter(user=authenticator.user_id, type__in=SECOND_FACTORS)
        .exclude(pk=authenticator.pk)
        .exists()
    )


def mfa_required_for(user: User) -> bool:
    """Site administrators (unless MFA_REQUIRED_FOR_SITE_ADMINS is off); directors and
    coordinators when their program asks."""
    if user.is_superuser:
        return settings.MFA_REQUIRED_FOR_SITE_ADMINS
    return (
        user.program_id is not None
        and user.program.require_mfa_for_staff
        and user.has_role(Role.DIRECTOR, Role.COORDINATOR)
    )
