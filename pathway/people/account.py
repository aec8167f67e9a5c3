"""A person's own account: confirming a new email address from the link sent to it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathway.people.services import (
    ROLES_ONLY_DIRECTORS_GRANT,
    PersonError,
    email_change_read,
    person_email_change_confirm,
)


def _needs_owner(user) -> bool:
    return (
        user.last_login is not None
        or user.is_staff
        or user.is_superuser
        or user.has_role(*ROLES_ONLY_DIRECTORS_GRANT)
    )


@require_http_methods(["GET", "POST"])
def email_change_confirm(request, token):
    """GET shows what will change; POST applies it. The account's owner must be signed in as
    themselves: the link alone (which whoever typed the new address may hold) does not hand
    over an account. Only someone invited who never signed in, holding no role a coordinator
    cannot grant, confirms with the link alone (a mistyped address on an invitation)."""
    change = email_change_read(token)
    if change is None:
        return render(request, "registration/email_change_invalid.html", status=400)
    user = change["user"]
    if _needs_owner(user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.pk != user.pk:
            raise PermissionDenied("This link confirms another person's email address.")
    if request.method == "POST":
        try:
            person_email_change_confirm(user=user, new_email=change["new"])
        except PersonError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Your sign-in email is now {change['new']}.")
        return redirect("home" if request.user.is_authenticated else "login")
    return render(
        request, "registration/email_change_confirm.html", {"person": user, "new": change["new"]}
    )
