"""SCIM's error: an HTTP status, a scimType (RFC 7644 §3.12) and a detail for the person
reading the identity provider's provisioning log."""

from pathway.people.services import PersonError


class ScimError(PersonError):
    def __init__(self, detail, *, status=400, scim_type=None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.scim_type = scim_type


def invalid(detail) -> ScimError:
    return ScimError(detail, status=400, scim_type="invalidValue")
