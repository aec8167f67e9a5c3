"""The one paginator helper every list page uses, and the query string its page links keep."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def page_of(request, queryset, size=PAGE_SIZE):
    """The page of `queryset` that ?page= asks for: the last page when past the end, the first
    when not a number (never a 404 for a stale link)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
