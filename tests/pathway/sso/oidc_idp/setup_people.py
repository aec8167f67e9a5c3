"""Run once against the provider's fresh database: its people and the QI Pathway client.

Usage: python -m tests.pathway.sso.oidc_idp.setup_people <redirect uri> <logout redirect>"""

import sys

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402 - after django.setup()
from allauth.idp.oidc.models import Client  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from tests.pathway.sso.oidc_server import CLIENT_ID, CLIENT_SECRET, PASSWORD, PEOPLE  # noqa: E402

User = get_user_model()
for email, verified in PEOPLE.items():
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
client = Client(
    id=CLIENT_ID,
    name="QI Pathway",
    type=Client.Type.CONFIDENTIAL,
    skip_consent=True,
    scopes="openid\nprofile\nemail",
    default_scopes="openid\nprofile\nemail",
    redirect_uris="\n".join(sys.argv[1:]),
)
client.set_secret(CLIENT_SECRET)
client.save()
