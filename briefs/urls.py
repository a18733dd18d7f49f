from django.urls import path

from briefs import views

urlpatterns = [
    path("briefs/", views.browse, name="briefs"),
    path("topics/<path:path>/", views.topic, name="topic"),
]
