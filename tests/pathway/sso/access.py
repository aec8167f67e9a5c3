"""Access cases for the sign-in pages served by pathway.people.sso and django-allauth."""

from tests.access import Case, expect
from tests.conftest import PERSONAS

from .providers import oidc_provider, saml_provider

PUBLIC = {p: 200 for p in PERSONAS}
# allauth's sign-in error page answers 401, for anyone.
REFUSED = {p: 401 for p in PERSONAS}
SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")


def oidc_slug(world):
    return [oidc_provider(world.program).slug]


def saml_slug(world):
    return [saml_provider(world.program).slug]


def no_key(world):
    # No one in the demo world has a security key; reauthentication is asked for first.
    return [999999]


CASES = {
    # Aliases of "login" and "logout" that allauth's flows send people to.
    "account_login": Case(expect(302, anonymous=200)),
    "account_logout": Case(expect(302), method="post"),
    "account_reauthenticate": Case(expect(200)),
    "socialaccount_login_cancelled": Case(PUBLIC),
    "socialaccount_login_error": Case(REFUSED),
    # Starting a sign-in with a hospital: a page that posts to itself (a GET changes nothing).
    "openid_connect_login": Case(PUBLIC, args=oidc_slug),
    # A callback without the state this browser stashed is refused.
    "openid_connect_callback": Case(REFUSED, args=oidc_slug),
    "saml_login": Case(PUBLIC, args=saml_slug),
    "saml_acs": Case(expect(302, anonymous=302), args=saml_slug, method="post"),
    "saml_finish_acs": Case(REFUSED, args=saml_slug),
    # Without a LogoutRequest or LogoutResponse from the IdP there is nothing to act on.
    "saml_sls": Case({p: 400 for p in PERSONAS}, args=saml_slug),
    # The SP metadata the hospital's IT team imports.
    "saml_metadata": Case(PUBLIC, args=saml_slug),
    # The second factor's pages: signed-in people only.
    "mfa_index": Case(expect(200)),
    # Setting up a factor asks for the password again unless the sign-in was just now.
    "mfa_activate_totp": Case(expect(302)),
    # Nothing to switch off or show before a factor is set up.
    "mfa_deactivate_totp": Case(expect(404)),
    "mfa_view_recovery_codes": Case(expect(404)),
    "mfa_generate_recovery_codes": Case(expect(302)),
    "mfa_download_recovery_codes": Case(expect(404)),
    "mfa_authenticate": Case(expect(302, anonymous=302)),
    "mfa_reauthenticate": Case(expect(302)),
    # Security keys: the list is one's own; adding, renaming or removing one asks for the
    # password again unless the sign-in was just now (the test client's was not).
    "mfa_list_webauthn": Case(expect(200)),
    "mfa_add_webauthn": Case(expect(302)),
    "mfa_edit_webauthn": Case(expect(302), args=no_key),
    "mfa_remove_webauthn": Case(expect(302), args=no_key),
    # Confirming it is you with a key one does not have sends you to the password instead.
    "mfa_reauthenticate_webauthn": Case(expect(302)),
}
