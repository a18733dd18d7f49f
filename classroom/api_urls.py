from django.urls import path

from classroom import apis

urlpatterns = [
    path("auth/token/", apis.TokenView.as_view(), name="api-token"),
    path("me/", apis.MeView.as_view(), name="api-me"),
    path("classes/", apis.ClassListCreateView.as_view(), name="api-classes"),
    path("classes/join/", apis.ClassJoinView.as_view(), name="api-class-join"),
    path("classes/<int:pk>/students/", apis.ClassStudentsView.as_view(), name="api-class-students"),
    path("classes/<int:pk>/gradebook/", apis.GradebookView.as_view(), name="api-class-gradebook"),
    path("assignments/", apis.AssignmentListCreateView.as_view(), name="api-assignments"),
    path("progress/", apis.ProgressView.as_view(), name="api-progress"),
    path("reports/", apis.ReportListView.as_view(), name="api-reports"),
]
