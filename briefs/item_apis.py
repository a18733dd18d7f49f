"""Search over study items through the API, as the site's briefs pages show them: the terms, events, characters,
questions and the rest of the briefs the user may read, each with the brief it comes from."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from briefs.apis import StudyItemOutputSerializer
from briefs.examples import SLUG
from briefs.models import ItemKind, StudyItem
from briefs.selectors import study_item_search
from config.fields import Text


class StudyItemSearchInputSerializer(serializers.Serializer):
    search = Text(required=False, allow_blank=True, max_length=200, help_text=_("Words the item must all hold."))
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False, help_text=_("Only items of this kind."))


class ItemBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class StudyItemFoundSerializer(StudyItemOutputSerializer):
    brief = ItemBriefSerializer(help_text=_("The brief the item comes from; `anchor` is its section there."))

    class Meta(StudyItemOutputSerializer.Meta):
        fields = [*StudyItemOutputSerializer.Meta.fields, "brief"]


FOUND = OpenApiExample(
    "Glossary terms that mention the Secret Speech",
    response_only=True,
    status_codes=["200"],
    value={
        "kind": "term",
        "position": 41,
        "label": "Secret Speech",
        "text": "Khrushchev's 1956 speech to the 20th Party Congress denouncing Stalin's cult of personality.",
        "year": None,
        "date": None,
        "date_precision": "",
        "answer": "",
        "anchor": "glossary-of-key-terms",
        "brief": {"slug": SLUG, "title": "Leadership of Nikita Khrushchev"},
    },
)


class StudyItemSearchApi(ListAPIView):
    serializer_class = StudyItemFoundSerializer
    filter_backends: list = []

    @extend_schema(
        summary=_("Search study items"),
        description=_(
            "Study items of the briefs you may read (published ones; drafts too for teachers and admins) whose "
            "label, text or answer holds every word of `search` (case-insensitive), optionally of one `kind`; in "
            "brief and document order."
        ),
        parameters=[StudyItemSearchInputSerializer],
        examples=[FOUND],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StudyItem.objects.none()
        # A plain dict: DRF reads an empty value in a QueryDict as absent, which the schema's enum does not allow.
        filters = StudyItemSearchInputSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return study_item_search(user=self.request.user, query=data.get("search", ""), kind=data.get("kind", ""))
