"""The smallest WSGI app, for tests that start gunicorn the way `make bench` does."""


def application(environ, start_response):
    body = b"ok"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
