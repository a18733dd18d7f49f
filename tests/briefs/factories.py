import factory

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


class StudyItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyItem

    brief = factory.SubFactory(BriefFactory)
    kind = "fact"
    position = factory.Sequence(lambda n: n + 1)
    label = "Label"
    text = "Something happened in 1956."
    year = 1956
