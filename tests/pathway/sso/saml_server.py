"""pysaml2's IdP served over HTTP (a thread of the test process) for the browser test: its
sign-in page asks for the email, then posts the signed assertion to our ACS."""

import threading
from html import escape
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from .oidc_server import free_port
from .saml_idp import answer


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class SamlIdpServer:
    def __init__(self):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.idp = None  # set once our SP's metadata is known (saml_idp.saml_idp)

    def app(self, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if environ["REQUEST_METHOD"] == "GET":
            page = (
                "<h1>St Olaf Hospital sign-in</h1><form method=post>"
                f'<input type=hidden name=q value="{escape(query)}">'
                "<label>Email <input name=email></label><button>Sign in</button></form>"
            )
        else:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            redirect = f"{self.base_url}/idp/sso/redirect?{form['q'][0]}"
            acs_url, data = answer(self.idp, redirect, form["email"][0])
            fields = "".join(
                f'<input type=hidden name="{k}" value="{escape(v)}">' for k, v in data.items()
            )
            page = (
                f'<form id=f method=post action="{escape(acs_url)}">{fields}'
                "<button>Continue</button></form>"
                "<script>document.getElementById('f').submit()</script>"
            )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, handler_class=QuietHandler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
