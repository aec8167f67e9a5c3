from rest_framework.pagination import PageNumberPagination

from pathway.core.pagination import PAGE_SIZE


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 200
