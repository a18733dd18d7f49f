from django.urls import path

from classroom.apis import accounts, announcements, attempts, classes, overrides, study, work
from classroom.webhooks import apis as webhooks

urlpatterns = [
    path("auth/token/", accounts.TokenView.as_view(), name="api-token"),
    path("me/", accounts.MeView.as_view(), name="api-me"),
    path("classes/", classes.ClassListCreateView.as_view(), name="api-classes"),
    path("classes/join/", classes.ClassJoinView.as_view(), name="api-class-join"),
    path("classes/<int:pk>/students/", classes.ClassStudentsView.as_view(), name="api-class-students"),
    path("classes/<int:pk>/gradebook/", classes.GradebookView.as_view(), name="api-class-gradebook"),
    path(
        "classes/<int:pk>/announcements/",
        announcements.ClassAnnouncementsView.as_view(),
        name="api-class-announcements",
    ),
    path("assignments/", work.AssignmentListCreateView.as_view(), name="api-assignments"),
    path("overrides/", overrides.OverrideListCreateView.as_view(), name="api-overrides"),
    path("overrides/<int:pk>/", overrides.OverrideDetailView.as_view(), name="api-override"),
    path("progress/", work.ProgressView.as_view(), name="api-progress"),
    path("reports/", work.ReportListView.as_view(), name="api-reports"),
    path("briefs/<slug:slug>/studied/", study.BriefStudiedView.as_view(), name="api-brief-studied"),
    path("flashcards/", study.FlashcardDueView.as_view(), name="api-flashcards"),
    path("flashcards/<int:pk>/review/", study.FlashcardReviewView.as_view(), name="api-flashcard-review"),
    path("quizzes/<slug:slug>/attempts/", attempts.AttemptStartView.as_view(), name="api-quiz-attempts"),
    path("attempts/", attempts.AttemptListView.as_view(), name="api-attempts"),
    path("attempts/<int:pk>/", attempts.AttemptDetailView.as_view(), name="api-attempt"),
    path("attempts/<int:pk>/submit/", attempts.AttemptSubmitView.as_view(), name="api-attempt-submit"),
    path("webhooks/endpoints/", webhooks.WebhookEndpointListCreateView.as_view(), name="api-webhook-endpoints"),
    path("webhooks/endpoints/<int:pk>/", webhooks.WebhookEndpointDetailView.as_view(), name="api-webhook-endpoint"),
    path("webhooks/deliveries/", webhooks.WebhookDeliveryListView.as_view(), name="api-webhook-deliveries"),
    path(
        "webhooks/deliveries/<int:pk>/resend/",
        webhooks.WebhookDeliveryResendView.as_view(),
        name="api-webhook-delivery-resend",
    ),
]
