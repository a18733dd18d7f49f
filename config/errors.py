"""Site error pages: Django renders templates/403.html, 404.html and 500.html itself; a 405 from
`require_POST` has no body, so this middleware gives it the site's page. The API keeps its JSON errors."""

from django.template.loader import render_to_string


class ErrorPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or request.path.startswith("/api/"):
            return response
        if not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
