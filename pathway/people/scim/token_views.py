"""A program director's SCIM tokens (a site administrator's for any program): create one (shown
once), see them, revoke one."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from pathway.core.access import role_required
from pathway.models import Program, Role, ScimToken
from pathway.people.scim.tokens import scim_token_create, scim_token_revoke
from pathway.people.token_views import token_created


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Which system will use it?",
        help_text="e.g. Microsoft Entra ID. The program's directors see this name.",
    )
    program = forms.ModelChoiceField(queryset=Program.objects.all())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if not actor.is_superuser:
            del self.fields["program"]


# As on the API tokens page: the new token rides in the session to the page the POST redirects
# to, which removes it as it shows it.
NEW_TOKEN_KEY = "scim_token_just_created"


@require_http_methods(["GET", "POST"])
@role_required(Role.DIRECTOR)
def scim_tokens(request):
    form = ScimTokenForm(request.POST if request.method == "POST" else None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        program = form.cleaned_data.get("program") or request.user.program
        name = form.cleaned_data["name"]
        created = token_created(
            request,
            form,
            lambda: scim_token_create(program=program, name=name, by=request.user),
            session_key=NEW_TOKEN_KEY,
            label="SCIM token",
        )
        if created:
            return redirect("scim:tokens")
    return render(
        request,
        "pathway/people/scim_tokens.html",
        {
            "form": form,
            "tokens": ScimToken.objects.visible_to(request.user).select_related(
                "program", "created_by"
            ),
            # Shown on this response only: the database keeps just its hash.
            "new_token": request.session.pop(NEW_TOKEN_KEY, None),
            "tenant_url": request.build_absolute_uri(reverse("scim:users")).rsplit("/", 1)[0],
        },
    )


@require_POST
@role_required(Role.DIRECTOR)
def scim_token_revoke_view(request, pk):
    token = get_object_or_404(ScimToken.objects.visible_to(request.user), pk=pk)
    scim_token_revoke(token=token)
    messages.success(request, f"SCIM token “{token.name}” revoked: it no longer works.")
    return redirect("scim:tokens")
