from django.urls import path

from briefs.apis import BriefDetailApi, BriefImportApi, BriefListApi, GardenImportApi, TopicListApi
from briefs.item_apis import StudyItemSearchApi

urlpatterns = [
    path("topics/", TopicListApi.as_view(), name="topic-list"),
    path("briefs/", BriefListApi.as_view(), name="brief-list"),
    # Before the detail route: "import" is an action, not a slug.
    path("briefs/import/", BriefImportApi.as_view(), name="brief-import"),
    path("briefs/imports/<int:pk>/", GardenImportApi.as_view(), name="garden-import"),
    path("briefs/<slug:slug>/", BriefDetailApi.as_view(), name="brief-detail"),
    path("study-items/", StudyItemSearchApi.as_view(), name="study-item-search"),
]
