from django.urls import path

from briefs import views

urlpatterns = [
    path("briefs/", views.browse, name="briefs"),
    path("topics/<path:path>/", views.topic, name="topic"),
    path("briefs/<slug:slug>/", views.brief_detail, name="brief_detail"),
    path("briefs/<slug:slug>/studied/", views.mark_studied, name="brief_studied"),
]
