from django.urls import path

from classroom import apis

urlpatterns = [
    path("auth/token/", apis.TokenView.as_view(), name="api-token"),
    path("me/", apis.MeView.as_view(), name="api-me"),
    path("classes/", apis.ClassListCreateView.as_view(), name="api-classes"),
    path("classes/join/", apis.ClassJoinView.as_view(), name="api-class-join"),
    path("classes/<int:pk>/students/", apis.ClassStudentsView.as_view(), name="api-class-students"),
]
