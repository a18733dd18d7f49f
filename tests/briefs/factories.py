import factory

from briefs.folding import fold, item_text
from briefs.models import Brief, StudyItem, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("path",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda t: t.slug.replace("-", " ").title())
    path = factory.LazyAttribute(lambda t: f"{t.parent.path}/{t.slug}" if t.parent else t.slug)
    parent = None


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brief

    title = factory.Sequence(lambda n: f"Brief {n}")
    slug = factory.Sequence(lambda n: f"brief-{n}")
    topic = factory.SubFactory(TopicFactory)
    permalink = factory.LazyAttribute(lambda b: f"/{b.topic.path}/{b.slug}/" if b.topic else f"/{b.slug}/")
    kind = "briefing"
    published = True
    source = "# A brief\n"
    html = "<h1>A brief</h1>"
    checksum = factory.Sequence(lambda n: f"{n:064x}")
    # As the import writes it (without items or tags: a brief with those comes from an import in the tests).
    folded_text = factory.LazyAttribute(lambda b: fold(f"{b.title}\n{b.source}"))


def fold_item(item) -> str:
    """StudyItem.folded as the import writes it."""
    return fold(item_text(item))


class StudyItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyItem

    brief = factory.SubFactory(BriefFactory)
    kind = "fact"
    position = factory.Sequence(lambda n: n + 1)
    label = "Label"
    text = "Something happened in 1956."
    year = 1956
    answer = ""
    folded = factory.LazyAttribute(fold_item)
