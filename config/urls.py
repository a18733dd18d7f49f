from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the app's own icon (its hashed name is known only once
    collectstatic has run, so at request time), not a 404 on every page."""
    return HttpResponsePermanentRedirect(static_url("favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("", include("briefs.urls")),
    path("", include("classroom.urls")),
    path("favicon.ico", favicon),
]

handler404 = "config.api.not_found"

from django.conf import settings  # noqa: E402 - only the mounts below need it

if settings.DEBUG:
    # Imported garden images (MEDIA_ROOT) for `make run`; in production the web server serves /media/ (README).
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if getattr(settings, "BENCH_FLOOR", False):
    # The framework's floor for `make bench`: the same middleware and gunicorn, no view work at all.
    from django.http import JsonResponse

    def bench_floor(request):
        return JsonResponse({"ok": True})

    urlpatterns.append(path("bench/floor", bench_floor))
