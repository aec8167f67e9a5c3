"""Identity providers configured for a program, as a site administrator does in the admin."""

from pathway.models import IdentityProvider
from pathway.models.identity_providers import Protocol
from tests import factories as f

from .keys import idp_metadata_xml, key_pair


def oidc_provider(program, *, issuer="http://127.0.0.1:9/", slug="st-olaf-oidc", **extra):
    return IdentityProvider.objects.create(
        program=program,
        name="St Olaf Hospital",
        slug=slug,
        protocol=Protocol.OIDC,
        oidc_issuer=issuer,
        oidc_client_id=extra.pop("client_id", "qi-pathway"),
        oidc_client_secret=extra.pop("client_secret", "s3cret"),
        **extra,
    )


def saml_provider(program, *, base_url="http://127.0.0.1:9", slug="st-olaf-saml", cert=None):
    cert = cert or key_pair("saml-idp")[1]
    metadata = idp_metadata_xml(
        entity_id=f"{base_url}/idp/metadata",
        sso_url=f"{base_url}/idp/sso/redirect",
        slo_url=f"{base_url}/idp/slo/redirect",
        cert_pem=cert,
    )
    return IdentityProvider.objects.create(
        program=program,
        name="St Olaf Hospital (SAML)",
        slug=slug,
        protocol=Protocol.SAML,
        saml_metadata_xml=metadata,
    )


def program_signing_in_at(oidc_idp, slug):
    """A program whose members sign in at `oidc_idp` (tests/pathway/sso/oidc_server.py)."""
    program = f.ProgramFactory(name="St Olaf Internal Medicine")
    oidc_provider(
        program,
        issuer=oidc_idp.issuer,
        slug=slug,
        client_id="qi-pathway",
        client_secret="qi-pathway-client-secret",
    )
    return program
