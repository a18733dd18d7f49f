from django.urls import path

from quizzes import views

urlpatterns = [
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz_detail"),
    path("quizzes/<slug:slug>/start/", views.quiz_start, name="quiz_start"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/save/", views.attempt_save, name="attempt_save"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
]
