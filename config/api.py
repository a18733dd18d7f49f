"""API conventions shared by every app: pagination and the JSON error shape."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """Every error is `{"detail": "<human message>", ...}`; field errors keep their field names."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, list):
        response.data = {"detail": " ".join(str(d) for d in data), "errors": data}
    elif isinstance(data, dict) and "detail" not in data:
        first = next(iter(data.values()), "")
        message = first[0] if isinstance(first, list) and first else first
        response.data = {"detail": str(message), "errors": data}
    return response
