from django.contrib.auth import views as auth_views
from django.urls import include, path

from classroom import health
from classroom.views import account, briefs, classes, home, notifications, profile, progress, quizzes, study

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("lti/", include("classroom.lti.urls")),
    path("", home.home, name="home"),
    path("classes/join/", home.join_class, name="join_class"),
    path("classes/<int:pk>/", classes.class_page, name="class_overview"),
    path("progress/", progress.progress, name="progress"),
    path("study/", study.study, name="study"),
    path("study/<int:pk>/review/", study.review, name="flashcard_review"),
    path("briefs/<slug:slug>/", briefs.brief_detail, name="brief_detail"),
    path("briefs/<slug:slug>/studied/", briefs.mark_studied, name="brief_studied"),
    path("quizzes/<slug:slug>/", quizzes.quiz_detail, name="quiz_detail"),
    path("quizzes/<slug:slug>/start/", quizzes.quiz_start, name="quiz_start"),
    path("attempts/<int:pk>/", quizzes.attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/save/", quizzes.attempt_save, name="attempt_save"),
    path("attempts/<int:pk>/submit/", quizzes.attempt_submit, name="attempt_submit"),
    path("accounts/signup/", account.signup, name="signup"),
    path("accounts/profile/", profile.profile, name="profile"),
    path("notifications/unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
