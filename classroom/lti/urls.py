from django.urls import path
from django.views.decorators.http import require_GET
from lti_tool.views import jwks

from classroom.lti import views

urlpatterns = [
    path("jwks/", require_GET(jwks), name="lti_jwks"),  # django-lti's view: the active keys
    path("login/<uuid:registration_uuid>/", views.login, name="lti_login"),
    path("launch/", views.launch, name="lti_launch"),
    path("deep-link/", views.chooser, name="lti_chooser"),
    path("setup/", views.setup, name="lti_setup"),
]
