"""The SCIM vocabulary this service speaks: URNs, and the discovery documents (RFC 7643 §5-7)
an identity provider reads before provisioning."""

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
# Residency dates and track: what the roster import needs to give someone the resident role.
# Entra ID maps custom attributes under a urn:ietf:params:scim:schemas:extension:… schema.
RESIDENT = "urn:ietf:params:scim:schemas:extension:qipathway:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

CONTENT_TYPE = "application/scim+json"
MAX_RESULTS = 200


def _attribute(
    name, kind="string", *, required=False, multi=False, mutability="readWrite", **extra
):
    return {
        "name": name,
        "type": kind,
        "multiValued": multi,
        "required": required,
        "caseExact": False,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": "server" if name == "userName" else "none",
        **extra,
    }


def _sub(*names):
    return [_attribute(name) for name in names]


USER_SCHEMA = {
    "id": USER,
    "name": "User",
    "description": "A person of the program; userName is their email address.",
    "attributes": [
        _attribute("userName", required=True),
        _attribute("name", "complex", subAttributes=_sub("formatted", "givenName", "familyName")),
        _attribute("displayName"),
        _attribute("nickName", description="The name they go by (preferred name)."),
        _attribute("title"),
        _attribute("active", "boolean"),
        _attribute(
            "emails",
            "complex",
            multi=True,
            mutability="readOnly",
            subAttributes=_sub("value", "type") + [_attribute("primary", "boolean")],
        ),
        _attribute(
            "roles",
            "complex",
            multi=True,
            description="resident, coach or sponsor (director and coordinator: read only).",
            subAttributes=_sub("value", "display") + [_attribute("primary", "boolean")],
        ),
    ],
}
RESIDENT_SCHEMA = {
    "id": RESIDENT,
    "name": "QI Pathway resident",
    "description": "Needed with the resident role: the residency's dates (YYYY-MM-DD).",
    "attributes": [
        _attribute("residencyStart"),
        _attribute("expectedGraduation"),
        _attribute("track", canonicalValues=["categorical", "primary_care"]),
    ],
}
SCHEMAS = [USER_SCHEMA, RESIDENT_SCHEMA]

SERVICE_PROVIDER_CONFIG_DOC = {
    "schemas": [SERVICE_PROVIDER_CONFIG],
    "patch": {"supported": True},
    "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
    "filter": {"supported": True, "maxResults": MAX_RESULTS},
    "changePassword": {"supported": False},
    "sort": {"supported": False},
    "etag": {"supported": False},
    "authenticationSchemes": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A SCIM token a program director creates in QI Pathway.",
            "primary": True,
        }
    ],
}
USER_RESOURCE_TYPE = {
    "schemas": [RESOURCE_TYPE],
    "id": "User",
    "name": "User",
    "endpoint": "/Users",
    "schema": USER,
    "schemaExtensions": [{"schema": RESIDENT, "required": False}],
}
RESOURCE_TYPES = [USER_RESOURCE_TYPE]


def list_response(resources, *, total, start=1):
    return {
        "schemas": [LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
