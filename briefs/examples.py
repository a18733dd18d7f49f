"""OpenAPI examples for the briefs API (see briefs.apis), from the demo garden, in the shapes of the
output serializers there. The brief's HTML and items are shortened."""

from drf_spectacular.utils import OpenApiExample

TOPIC_PATH = "network-school/lectures-quizzes-and-references/briefs-timelines-and-study-guides/russian-history"
TRAIL = [
    {"slug": "network-school", "name": "Network School"},
    {"slug": "lectures-quizzes-and-references", "name": "Lectures Quizzes and References"},
    {"slug": "briefs-timelines-and-study-guides", "name": "Briefs Timelines and Study Guides"},
    {"slug": "russian-history", "name": "Russian History"},
    {"slug": "russian-history-iii", "name": "Russian History III"},
]
SLUG = "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief"

TOPICS = OpenApiExample(
    "A page of topics",
    response_only=True,
    status_codes=["200"],
    value={
        "slug": "russian-history-iii",
        "name": "Russian History III",
        "path": f"{TOPIC_PATH}/russian-history-iii",
        "parent": TOPIC_PATH,
    },
)

BRIEF = {
    "slug": SLUG,
    "kind": "briefing",
    "title": "Leadership of Nikita Khrushchev",
    "permalink": f"/{TOPIC_PATH}/russian-history-iii/{SLUG}/",
    "topic": TRAIL,
    "tags": ["cold-war", "history/russia"],
    "published": True,
    "updated_at": "2026-11-20T14:03:27Z",
}
BRIEFS = OpenApiExample(
    "A page of briefs found by `search=gomulka`",
    response_only=True,
    status_codes=["200"],
    value={**BRIEF, "snippet": "… unrest in Poland ends with <mark>Gomułka</mark> in power; Soviet troops …"},
)


def _item(kind: str, position: int, label: str, text: str, anchor: str, **extra) -> dict:
    item = {"kind": kind, "position": position, "label": label, "text": text, "year": None, "date": None}
    return {**item, "date_precision": "", "answer": "", "anchor": anchor, **extra}


BRIEF_DETAIL = OpenApiExample(
    "A briefing with themes, facts, a quote and its conclusion",
    response_only=True,
    status_codes=["200"],
    value={
        **BRIEF,
        "html": '<h2 id="leadership-of-nikita-khrushchev">Leadership of Nikita Khrushchev</h2>\n'
        '<p id="key-themes"><strong>Key Themes:</strong></p>\n<ul>\n'
        "<li><strong>De-Stalinization:</strong> Khrushchev's leadership marked a decisive break from Stalinism.</li>\n"
        "</ul>\n"
        '<p id="important-ideas-and-facts"><strong>Important Ideas and Facts:</strong></p>\n<ul>\n'
        "<li><strong>Secret Speech:</strong> In 1956, Khrushchev delivered a landmark secret speech.</li>\n</ul>\n"
        '<p id="key-quotes"><strong>Key Quotes:</strong></p>\n<ul>\n'
        "<li>On war with the West: \"war is not fatalistically inevitable\"</li>\n</ul>\n"
        '<p id="conclusion"><strong>Conclusion:</strong></p>\n'
        "<p>Nikita Khrushchev's leadership was a pivotal period in Soviet history.</p>\n",
        "items": [
            _item(
                "theme", 1, "De-Stalinization",
                "Khrushchev's leadership marked a decisive break from Stalinism, characterized by denunciation of "
                "Stalin's crimes, release of political prisoners, and a \"thaw\" in Soviet society.",
                "key-themes",
            ),
            _item(
                "fact", 6, "Secret Speech",
                "In 1956, Khrushchev delivered a landmark secret speech denouncing Stalin's \"intolerance, his "
                "brutality, his abuse of power,\" sparking the de-Stalinization movement.",
                "important-ideas-and-facts", year=1956,
            ),
            _item("quote", 15, "On war with the West", "war is not fatalistically inevitable", "key-quotes"),
            _item(
                "conclusion", 17, "",
                "Nikita Khrushchev's leadership was a pivotal period in Soviet history, marked by de-Stalinization, "
                "attempts at reform, and engagement with the West through the policy of peaceful coexistence.",
                "conclusion",
            ),
        ],
    },
)  # fmt: skip
BRIEF_DETAIL_TIMELINE = OpenApiExample(
    "A timeline: dated events and characters",
    response_only=True,
    status_codes=["200"],
    value={
        **BRIEF,
        "slug": "russian-history-iii-khrushchev-era-timeline",
        "kind": "timeline",
        "title": "Russian History III: Khrushchev Era Timeline",
        "permalink": f"/{TOPIC_PATH}/russian-history-iii/russian-history-iii-khrushchev-era-timeline/",
        "html": '<h2 id="detailed-timeline">Detailed Timeline</h2>\n<ul>\n'
        "<li><strong>March 5, 1953:</strong> Joseph Stalin dies. Georgy Malenkov becomes Premier.</li>\n"
        "<li><strong>September 1953:</strong> Nikita Khrushchev is named First Secretary.</li>\n</ul>\n",
        "items": [
            _item("event", 1, "March 5, 1953", "Joseph Stalin dies. Georgy Malenkov becomes Premier.",
                  "detailed-timeline", year=1953, date="1953-03-05", date_precision="day"),
            _item("event", 2, "September 1953", "Nikita Khrushchev is named First Secretary of the Communist Party.",
                  "detailed-timeline", year=1953, date="1953-09-01", date_precision="month"),
            _item("character", 17, "Nikita Khrushchev",
                  "First Secretary of the Communist Party (1953–1964) and Premier (1958–1964).", "cast-of-characters"),
        ],
    },
)  # fmt: skip
BRIEF_DETAIL_FAQ = OpenApiExample(
    "An FAQ: questions with their answers",
    response_only=True,
    status_codes=["200"],
    value={
        **BRIEF,
        "slug": "russian-history-iii-khrushchev-faq",
        "kind": "faq",
        "title": "Russian History III: Khrushchev FAQ",
        "permalink": f"/{TOPIC_PATH}/russian-history-iii/russian-history-iii-khrushchev-faq/",
        "html": '<h3 id="1-why-was-the-secret-speech-secret">1. Why was the Secret Speech "secret"?</h3>\n'
        "<p>It was delivered to a closed session of the 20th Party Congress in February 1956.</p>\n",
        "items": [
            _item(
                "faq", 1, "", 'Why was the Secret Speech "secret"?', "1-why-was-the-secret-speech-secret",
                answer="It was delivered to a closed session of the 20th Party Congress in February 1956, with no "
                "foreign delegates present. Its text was not published in the Soviet Union until 1989.",
            ),
        ],
    },
)  # fmt: skip

IMPORT_REPORT = OpenApiExample(
    "An import done, with one file of each outcome",
    response_only=True,
    status_codes=["200", "202"],
    value={
        "id": 12, "status": "done", "dry_run": False, "total": 4, "done": 4, "error": "",
        "created": 1, "updated": 1, "unchanged": 1, "failed": 1,
        "files": [
            {"name": "cuban-missile-crisis-brief.md", "status": "created", "reason": "",
             "slug": "cuban-missile-crisis-brief",
             "warnings": ["link [[Bay of Pigs]]: no note has this name", "image map.png: not found in the import"]},
            {"name": "russian-history-iii-khrushchev-study-guide.md", "status": "updated", "reason": "",
             "slug": "russian-history-iii-khrushchev-study-guide", "warnings": []},
            {"name": "russian-history-iii-khrushchev-faq.md", "status": "unchanged", "reason": "",
             "slug": "russian-history-iii-khrushchev-faq", "warnings": []},
            {"name": "notes.pdf", "status": "failed", "reason": "not a note (.md, .markdown, .txt) or a .zip archive",
             "slug": "", "warnings": []},
        ],
        "created_at": "2026-12-06T09:30:00Z", "finished_at": "2026-12-06T09:30:02Z",
    },
)  # fmt: skip
