"""API conventions shared by every app: pagination and the JSON error shape (documented by
config.api_schema)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    """Pages of 25, or `page_size` (1 to 100). A page size that is not such a number is a 400, as the schema says,
    rather than DRF's silent fallback to the default."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or not 1 <= int(raw[0]) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: f"A whole number from 1 to {self.max_page_size}."})
        return int(raw[0])

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class Unprocessable(APIException):
    """A request the schema allows whose content cannot be accepted: GIFT that does not parse, an answer naming an
    option the attempt does not show, a due date before the start. A request the schema forbids is a 400."""

    status_code = 422
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


def unprocessable(exc: DjangoValidationError | str) -> Unprocessable:
    """A service's refusal (its ValidationError), or a view's own message, as a 422 saying why."""
    return Unprocessable(exc if isinstance(exc, str) else " ".join(exc.messages))


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
