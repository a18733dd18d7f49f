from django.urls import path

from quizzes import api_statistics, apis

urlpatterns = [
    path("quizzes/", apis.QuizListView.as_view(), name="api-quizzes"),
    path("quizzes/<slug:slug>/", apis.QuizDetailView.as_view(), name="api-quiz"),
    path("quizzes/<slug:slug>/gift/", apis.QuizGiftView.as_view(), name="api-quiz-gift"),
    path("quizzes/<slug:slug>/statistics/", api_statistics.QuizStatisticsView.as_view(), name="api-quiz-statistics"),
]
