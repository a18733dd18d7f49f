"""API conventions shared by every app: pagination and the JSON error shape (documented by
config.api_schema)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """Every error is `{"detail": "<human message>", ...}`; field errors keep their field names."""
    exc = _request_too_large(exc) or exc
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, list):
        response.data = {"detail": " ".join(str(d) for d in data), "errors": data}
    elif isinstance(data, dict) and "detail" not in data:
        where, message = _first_error(data)
        response.data = {"detail": f"{where}: {message}" if where else message, "errors": data}
    return response


def _request_too_large(exc) -> ParseError | None:
    """Django's limits on what it reads into memory, met while DRF parses a body: a 400 that says
    which, as JSON, rather than Django's bare HTML "Bad Request (400)" page."""
    if isinstance(exc, RequestDataTooBig):
        kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        return ParseError(f"The request body is larger than {kb} KB (uploaded files do not count: send a file).")
    if isinstance(exc, TooManyFieldsSent):
        return ParseError(f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields.")
    if isinstance(exc, TooManyFilesSent):
        return ParseError(f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files.")
    return None


def _first_error(errors, where: str = "") -> tuple[str, str]:
    """The first message in DRF's nested field errors, with the field it is about
    (`responses.0.question`), so the detail says what is wrong where rather than a bare
    "This field is required." or the repr of a nested error dict."""
    if isinstance(errors, dict):
        items = errors.items()
    elif isinstance(errors, list) and any(isinstance(e, dict | list) for e in errors):
        items = enumerate(errors)
    else:
        first = errors[0] if isinstance(errors, list) and errors else errors
        return where, str(first)
    for key, value in items:
        if value:
            name = "" if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            return _first_error(value, ".".join(p for p in (where, name) if p))
    return where, ""


def not_found(request, exception=None):
    """The 404 of a URL that no route matches (`handler404`): under /api/ it is JSON like every other
    API error (an id that is not a number, a slug with a space); elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
