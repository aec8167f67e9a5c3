"""SCIM 2.0 over HTTP (RFC 7644). Not Django REST framework: SCIM has its own media type, error
shape, paging (startIndex/count) and PATCH, so plain views say it more plainly than DRF's
renderers, parsers and exception handler overridden one by one. Every answer is SCIM JSON,
errors included; the token decides the program and nothing else."""

import json
import re
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from pathway.people.scim import schema
from pathway.people.scim.attributes import user_resource
from pathway.people.scim.errors import ScimError, invalid
from pathway.people.scim.people import (
    scim_user_create,
    scim_user_deactivate,
    scim_user_patch,
    scim_user_replace,
    scim_users,
)
from pathway.people.scim.tokens import scim_token_find
from pathway.people.services import PersonError

MAX_BODY_BYTES = 100_000
# The filters identity providers send to find someone before creating them.
FILTER = re.compile(
    r'\s*(userName|emails(?:\.value)?|emails\[type eq "work"\]\.value)\s+eq\s+"([^"]{0,254})"\s*',
    re.IGNORECASE,
)


def scim_response(data, status=200, **headers):
    return JsonResponse(
        data, status=status, content_type=schema.CONTENT_TYPE, headers=headers or None
    )


def scim_error(detail, status, scim_type=None, **headers):
    body = {"schemas": [schema.ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return scim_response(body, status, **headers)


def scim_view(methods, *, authenticated=True):
    """A SCIM endpoint: the allowed methods, the program's token (request.scim_program), and
    every refusal in SCIM's error shape."""

    def decorator(view):
        @csrf_exempt  # a bearer token, never a cookie, authenticates these requests
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return scim_error(
                    f"{request.method} is not allowed here.", 405, Allow=", ".join(methods)
                )
            if authenticated:
                token = _token(request)
                if token is None:
                    return scim_error(
                        "Send a valid SCIM token: Authorization: Bearer <token>.",
                        401,
                        **{"WWW-Authenticate": 'Bearer realm="scim"'},
                    )
                request.scim_program = token.program
            try:
                return view(request, *args, **kwargs)
            except ScimError as error:
                return scim_error(error.detail, error.status, error.scim_type)
            except PersonError as error:
                return scim_error(str(error), 400, "invalidValue")

        return wrapper

    return decorator


def _token(request):
    parts = request.headers.get("Authorization", "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer" or len(parts[1]) > 200:
        return None
    return scim_token_find(parts[1])


def _base_url(request):
    return request.build_absolute_uri(reverse("scim:service_provider_config")).rsplit("/", 1)[0]


def _body(request):
    if len(request.body) > MAX_BODY_BYTES:
        raise ScimError(f"The body is larger than {MAX_BODY_BYTES:,} bytes.", status=413)
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ScimError("The body is not valid JSON.", scim_type="invalidSyntax") from None


@scim_view(["GET"], authenticated=False)
def service_provider_config(request):
    return scim_response(schema.SERVICE_PROVIDER_CONFIG_DOC)


@scim_view(["GET"], authenticated=False)
def resource_types(request):
    return scim_response(schema.list_response(schema.RESOURCE_TYPES, total=1))


@scim_view(["GET"], authenticated=False)
def resource_type(request, name):
    if name != schema.USER_RESOURCE_TYPE["id"]:
        raise ScimError(f"There is no resource type {name}.", status=404)
    return scim_response(schema.USER_RESOURCE_TYPE)


@scim_view(["GET"], authenticated=False)
def schemas(request):
    return scim_response(schema.list_response(schema.SCHEMAS, total=len(schema.SCHEMAS)))


@scim_view(["GET"], authenticated=False)
def schema_detail(request, urn):
    found = next((s for s in schema.SCHEMAS if s["id"] == urn), None)
    if found is None:
        raise ScimError(f"There is no schema {urn}.", status=404)
    return scim_response(found)


@scim_view(["GET", "POST"])
def users(request):
    if request.method == "POST":
        user = scim_user_create(program=request.scim_program, document=_body(request))
        document = user_resource(
            scim_users(request.scim_program).get(pk=user.pk), base_url=_base_url(request)
        )
        return scim_response(document, 201, Location=document["meta"]["location"])
    people = scim_users(request.scim_program).order_by("pk")
    if wanted := request.GET.get("filter"):
        people = _filtered(people, wanted)
    start = _whole_number(request.GET.get("startIndex"), "startIndex", default=1, low=1)
    count = _whole_number(request.GET.get("count"), "count", default=100, low=0)
    count = min(count, schema.MAX_RESULTS)
    page = list(people[start - 1 : start - 1 + count])
    base_url = _base_url(request)
    resources = [user_resource(user, base_url=base_url) for user in page]
    return scim_response(schema.list_response(resources, total=people.count(), start=start))


@scim_view(["GET", "PUT", "PATCH", "DELETE"])
def user(request, pk):
    person = scim_users(request.scim_program).filter(pk=pk).first() if _is_id(pk) else None
    if person is None:
        raise ScimError(f"There is no user {pk[:40]} in this program.", status=404)
    if request.method == "DELETE":
        scim_user_deactivate(user=person)
        return HttpResponse(status=204)
    if request.method == "PUT":
        scim_user_replace(user=person, document=_body(request))
    elif request.method == "PATCH":
        scim_user_patch(user=person, document=_body(request))
    person = scim_users(request.scim_program).get(pk=pk)
    return scim_response(user_resource(person, base_url=_base_url(request)))


def _is_id(text):
    return re.fullmatch(r"[0-9]{1,18}", text) is not None


def _filtered(people, wanted):
    match = FILTER.fullmatch(wanted) if len(wanted) <= 300 else None
    if match is None:
        raise ScimError(
            'Filter on userName only, as: userName eq "name@hospital.org".',
            scim_type="invalidFilter",
        )
    return people.filter(email__iexact=match.group(2))


def _whole_number(text, name, *, default, low):
    if text in (None, ""):
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise invalid(f"{name} must be a whole number, not {text[:20]!r}.")
    # RFC 7644 §3.4.2.4: values below the minimum are read as the minimum.
    return max(int(text), low)
