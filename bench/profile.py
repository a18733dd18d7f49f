"""Profile one endpoint in-process with pyinstrument, on the seeded bench database.

Not a test. After `make bench` (or bench/run.py) has seeded `classroom_bench`:

    .venv/bin/python bench/profile.py /api/v1/briefs/?page_size=25 [--requests 300] [--method get] [--html out.html]

Requests go through Django's full handler (all middleware, the bench settings) with the token of a
seeded student; the path may use {brief}, {quiz} and {attempt} (the student's open autosave attempt)."""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/classroom_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

FIXTURES = ROOT / "bench" / "results" / "fixtures.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--method", default="get")
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    data = json.loads(FIXTURES.read_text(encoding="utf-8"))
    token = data["class_tokens"][-1]  # a student the HTTP benchmark's 32 users do not use
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")
    path = args.path.format(brief=data["brief"], quiz=data["quiz"], attempt=open_attempt(client, data))
    call = getattr(client, args.method)
    assert call(path).status_code < 300, path  # warm up: imports, connections, caches
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.requests):
            call(path)
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, show_all=bool(os.environ.get("SHOW_ALL"))))


def open_attempt(client: Client, data: dict) -> int | str:
    if "{attempt}" not in sys.argv[1]:
        return ""
    return client.post(f"/api/v1/quizzes/{data['autosave_quiz']}/attempts/").json()["id"]


if __name__ == "__main__":
    main()
