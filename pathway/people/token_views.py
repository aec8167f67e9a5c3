"""The signed-in person's API tokens: create one (shown once), see them, revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from pathway.core.errors import ServiceError
from pathway.models import ApiToken
from pathway.people.services import api_token_create, api_token_revoke


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="What is it for?",
        help_text="e.g. Data warehouse push. Only you see it.",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Say what the token is for.")
        return name


# The new token rides in the session from the POST to the page it redirects to, which removes
# it as it shows it: a reload then neither shows it again nor creates a second token.
NEW_TOKEN_KEY = "api_token_just_created"


def token_created(request, form, create, *, session_key, label) -> bool:
    """Create a token (API or SCIM) with `create` -> (token, secret) and keep the secret for
    one showing; or put the service's refusal on the form. True when created."""
    try:
        token, raw = create()
    except ServiceError as error:
        form.add_error(None, str(error))
        return False
    request.session[session_key] = raw
    messages.success(request, f"{label} “{token.name}” created. Copy it now.")
    return True


@require_http_methods(["GET", "POST"])
@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        created = token_created(
            request,
            form,
            lambda: api_token_create(user=request.user, name=name),
            session_key=NEW_TOKEN_KEY,
            label="Token",
        )
        if created:
            return redirect("pathway:api_tokens")
    return render(
        request,
        "pathway/people/api_tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.visible_to(request.user),
            # Shown on this response only: the database keeps just its hash.
            "new_token": request.session.pop(NEW_TOKEN_KEY, None),
            "docs_url": reverse("api:docs"),
        },
    )


@require_POST
@login_required
def api_token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    api_token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("pathway:api_tokens")
