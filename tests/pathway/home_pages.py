"""Reading the signed-in home page, for the tests of each role's home."""

from django.urls import reverse

URL = reverse("home")


def page_of(client):
    """The home page's response and its text, once it has answered 200."""
    response = client.get(URL)
    assert response.status_code == 200
    return response, response.content.decode()
