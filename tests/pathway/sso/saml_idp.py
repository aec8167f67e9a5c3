"""A real SAML identity provider for the tests: pysaml2's IdP (saml2.server.Server), signing
its assertions with a key pair made for the run (Debian's xmlsec1 does the signing)."""

import base64
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from .keys import key_pair

BASE_URL = "http://127.0.0.1:9"


def saml_idp(
    workdir: Path, *sp_metadata: str, key_name="saml-idp", lifetime_minutes=5, base_url=BASE_URL
):
    """pysaml2's IdP that knows the SPs from their metadata (ours first). `key_name` other than
    the one in our configuration makes it a forger; a negative lifetime makes expired
    assertions."""
    key_pem, cert_pem = key_pair(key_name)
    (workdir / "idp.key").write_text(key_pem)
    (workdir / "idp.crt").write_text(cert_pem)
    sp_files = []
    for number, metadata in enumerate(sp_metadata):
        sp_files.append(workdir / f"sp{number}.xml")
        sp_files[-1].write_text(metadata)
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base_url}/idp/metadata",
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "key_file": str(workdir / "idp.key"),
            "cert_file": str(workdir / "idp.crt"),
            "metadata": {"local": [str(path) for path in sp_files]},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{base_url}/idp/sso/redirect", BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{base_url}/idp/slo/redirect", BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "policy": {"default": {"lifetime": {"minutes": lifetime_minutes}}},
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                }
            },
        }
    )
    return Server(config=config)


def answer(idp: Server, redirect_url: str, email: str, *, audience: str | None = None):
    """The IdP's signed answer to the AuthnRequest in `redirect_url`: (ACS URL, form data)."""
    query = parse_qs(urlparse(redirect_url).query)
    request = idp.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT).message
    sp_entity_id = request.issuer.text
    response = idp.create_authn_response(
        identity={"email": [email], "givenName": ["Rosa"], "sn": ["Resident"]},
        in_response_to=request.id,
        destination=request.assertion_consumer_service_url,
        sp_entity_id=audience or sp_entity_id,
        name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
        authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
        sign_assertion=True,
        sign_response=True,
        # SHA-1 signatures are refused by our side (python3-saml's rejectDeprecatedAlgorithm).
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    data = {"SAMLResponse": base64.b64encode(str(response).encode()).decode()}
    if "RelayState" in query:
        data["RelayState"] = query["RelayState"][0]
    return request.assertion_consumer_service_url, data
