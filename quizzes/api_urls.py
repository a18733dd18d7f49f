from django.urls import path

from quizzes import api_statistics, apis

urlpatterns = [
    path("quizzes/", apis.QuizListView.as_view(), name="api-quizzes"),
    path("quizzes/<slug:slug>/", apis.QuizDetailView.as_view(), name="api-quiz"),
    path("quizzes/<slug:slug>/gift/", apis.QuizGiftView.as_view(), name="api-quiz-gift"),
    path("quizzes/<slug:slug>/import/", apis.QuizImportView.as_view(), name="api-quiz-import"),
    path("quizzes/<slug:slug>/import/file/", apis.QuizImportFileView.as_view(), name="api-quiz-import-file"),
    path("quizzes/<slug:slug>/moodle-xml/", apis.QuizMoodleXmlView.as_view(), name="api-quiz-moodle-xml"),
    path("quizzes/<slug:slug>/gift/file/", apis.QuizGiftFileView.as_view(), name="api-quiz-gift-file"),
    path("quizzes/<slug:slug>/statistics/", api_statistics.QuizStatisticsView.as_view(), name="api-quiz-statistics"),
]
