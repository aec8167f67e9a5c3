"""The django-allauth SocialApp for each identity provider a site administrator configured
(pathway.models.IdentityProvider): built on demand, never stored, so the admin page of the
program's provider is the one place its settings live."""

from urllib.parse import urlparse

from allauth.socialaccount.models import SocialApp
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from pathway.models import IdentityProvider
from pathway.models.identity_providers import Protocol

# Where each field is read from in an assertion: the names Entra ID (claims), ADFS, Okta and
# Shibboleth (eduPerson OIDs) release. The NameID is the fallback for the email address.
SAML_ATTRIBUTES = {
    "email": [
        "email",
        "mail",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
    ],
    "first_name": [
        "first_name",
        "givenName",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "urn:oid:2.5.4.42",
    ],
    "last_name": [
        "last_name",
        "sn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "urn:oid:2.5.4.4",
    ],
}


def saml_idp_settings(provider: IdentityProvider) -> dict:
    """allauth's "idp" block: from the metadata URL (fetched and cached by allauth), or from
    the pasted metadata XML (entity ID, sign-in and sign-out addresses, signing certificate)."""
    if provider.saml_metadata_url:
        return {"entity_id": provider.saml_entity_id, "metadata_url": provider.saml_metadata_url}
    idp = OneLogin_Saml2_IdPMetadataParser.parse(
        provider.saml_metadata_xml, entity_id=provider.saml_entity_id or None
    )["idp"]
    return {
        "entity_id": idp["entityId"],
        "sso_url": idp["singleSignOnService"]["url"],
        "slo_url": idp.get("singleLogoutService", {}).get("url"),
        "x509cert": idp.get("x509cert") or idp.get("x509certMulti", {}).get("signing", [""])[0],
    }


def social_app(provider: IdentityProvider) -> SocialApp:
    if provider.protocol == Protocol.OIDC:
        return SocialApp(
            provider=Protocol.OIDC,
            provider_id=provider.slug,
            name=provider.name,
            client_id=provider.oidc_client_id,
            secret=provider.oidc_client_secret,
            settings={"server_url": provider.oidc_issuer, "oauth_pkce_enabled": True},
        )
    return SocialApp(
        provider=Protocol.SAML,
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.slug,
        settings={
            "idp": saml_idp_settings(provider),
            "attribute_mapping": SAML_ATTRIBUTES,
            "use_nameid_for_email": False,
            # Assertions must be signed by the certificate in the IdP's metadata; strict mode
            # checks the audience, the recipient and the validity window. IdP-initiated
            # sign-in is refused: every sign-in starts here, so it answers a request we made.
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
                # Our own addresses, from a host ALLOWED_HOSTS accepted ("localhost" too).
                "allow_single_label_domains": True,
            },
        },
    )


def social_apps() -> list[SocialApp]:
    return [social_app(p) for p in IdentityProvider.objects.active()]


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def sign_in_origin(provider: IdentityProvider) -> str:
    """Where the browser goes to sign in (the sign-in page's CSP form-action must allow it,
    since the "Sign in with" form is answered with a redirect there)."""
    if provider.protocol == Protocol.OIDC:
        return _origin(provider.oidc_issuer)
    idp = saml_idp_settings(provider)
    return _origin(idp.get("sso_url") or idp["metadata_url"])
