"""/api/v1/: each app contributes its own api_urls."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

# The docs' scripts are files (the split Swagger view serves its setup script from a URL), but
# Swagger UI and ReDoc inject <style> elements and ReDoc searches in a blob: worker.
docs_csp = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["'self'", "blob:"]})

urlpatterns = [
    path("", include("quizzes.api_urls")),
    path("", include("briefs.api_urls")),
    path("", include("classroom.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_csp(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    path("redoc/", docs_csp(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
]
