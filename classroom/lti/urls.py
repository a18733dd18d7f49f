from django.urls import path
from lti_tool.views import jwks

from classroom.lti import views

urlpatterns = [
    path("jwks/", jwks, name="lti_jwks"),
    path("login/<uuid:registration_uuid>/", views.login, name="lti_login"),
    path("launch/", views.launch, name="lti_launch"),
    path("deep-link/", views.chooser, name="lti_chooser"),
    path("setup/", views.setup, name="lti_setup"),
]
