"""Starts django-allauth's OpenID Connect provider (tests/pathway/sso/oidc_idp) as a real
server on a free port, with its own SQLite database and a signing key made for the run, and
walks its sign-in pages over HTTP as a browser would."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "qi-pathway"
CLIENT_SECRET = "qi-pathway-client-secret"
PASSWORD = "provider-password-1"
# The provider's people and whether it vouches for their email (email_verified).
PEOPLE = {
    "rosa.resident@example.org": True,
    "dina.director@example.org": True,
    "stranger@example.org": True,
    "unverified@example.org": False,
}
ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class OidcProvider:
    def __init__(self, workdir: Path, redirect_uris: list[str]):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.pathway.sso.oidc_idp.settings",
            "OIDC_IDP_DB": str(workdir / "oidc-idp.sqlite3"),
            "OIDC_IDP_PRIVATE_KEY": private_key_pem(),
            "PYTHONPATH": str(ROOT),
        }
        self.redirect_uris = redirect_uris
        self.process = None

    def run(self, *args):
        subprocess.run(
            [sys.executable, *args], env=self.env, cwd=ROOT, check=True, capture_output=True
        )

    def start(self):
        self.run("-m", "django", "migrate", "--noinput", "-v0")
        self.run("-m", "tests.pathway.sso.oidc_idp.setup_people", *self.redirect_uris)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2)
                return self
            except requests.ConnectionError:
                time.sleep(0.3)
        raise RuntimeError("the OpenID Connect provider did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def sign_in(self, authorize_url: str, email: str) -> str:
        """Sign in at the provider as `email` and return the URL it sends the browser back to
        (our callback, with the code), without following it."""
        browser = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code == 200 and 'name="password"' in response.text:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
                response = browser.post(
                    url,
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "login": email,
                        "password": PASSWORD,
                    },
                    headers={"Referer": url},
                    allow_redirects=False,
                    timeout=10,
                )
            if response.status_code not in (301, 302, 303):
                raise AssertionError(f"provider answered {response.status_code} at {url}")
            url = urljoin(url, response.headers["Location"])
            if urlparse(url).port != self.port:
                return url
        raise AssertionError("the provider never sent the browser back")
