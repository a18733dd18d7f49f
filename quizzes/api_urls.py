from django.urls import path

from quizzes import apis

urlpatterns = [
    path("quizzes/", apis.QuizListView.as_view(), name="api-quizzes"),
    path("quizzes/<slug:slug>/", apis.QuizDetailView.as_view(), name="api-quiz"),
    path("quizzes/<slug:slug>/gift/", apis.QuizGiftView.as_view(), name="api-quiz-gift"),
    path("quizzes/<slug:slug>/attempts/", apis.AttemptStartView.as_view(), name="api-quiz-attempts"),
    path("attempts/", apis.AttemptListView.as_view(), name="api-attempts"),
    path("attempts/<int:pk>/", apis.AttemptDetailView.as_view(), name="api-attempt"),
    path("attempts/<int:pk>/submit/", apis.AttemptSubmitView.as_view(), name="api-attempt-submit"),
]
