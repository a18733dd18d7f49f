"""Benchmark: import 1,000 generated garden notes with the import service.

Not a test. Runs on the database the environment configures (DATABASE_URL; target: at
least 100 notes/second on PostgreSQL), then deletes what it imported unless --keep.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/classroom .venv/bin/python bench/bench_import.py
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from briefs.models import Brief, Topic  # noqa: E402
from briefs.services import garden_import  # noqa: E402

KINDS = ("briefing", "timeline", "study_guide", "faq")


def note(run: str, i: int) -> str:
    """One note of a rotating kind, in a folder of ten notes, with 10-25 study items."""
    kind = KINDS[i % len(KINDS)]
    permalink = f"/bench-{run}/unit-{i // 10}/note-{run}-{i}/"
    head = f'---\n{{"dg-publish": true, "permalink": "{permalink}"}}\n---\n\n# Note {i}\n\n'
    year = 1900 + i % 100
    if kind == "briefing":
        body = "**Key Themes:**\n\n" + "".join(f"- **Theme {k}:** Theme text {k} of note {i}.\n" for k in range(4))
        body += "\n**Important Ideas and Facts:**\n\n"
        body += "".join(f"- **Fact {k}:** In {year + k} something happened.\n" for k in range(9))
        body += '\n**Key Quotes:**\n\n- On things: "a quote"\n\n**Conclusion:**\n\nThe end.\n'
    elif kind == "timeline":
        body = "## Detailed Timeline\n\n" + "".join(f"- **March {k + 1}, {year}:** Event {k}.\n" for k in range(16))
        body += "\n## Cast of Characters\n\n" + "".join(f"- **Person {k}:** A role.\n" for k in range(7))
    elif kind == "study_guide":
        body = "## Quiz\n\n" + "".join(f"{k}. Question {k}?\n" for k in range(1, 11))
        body += "\n## Quiz Answer Key\n\n" + "".join(f"{k}. Answer {k}.\n" for k in range(1, 11))
        body += "\n## Essay Questions\n\n" + "".join(f"{k}. Essay {k}.\n" for k in range(1, 6))
    else:
        body = "## Frequently Asked Questions\n\n" + "".join(f"**{k}. Why {k}?**\n\nBecause {k}.\n\n" for k in range(5))
    return head + body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the imported briefs")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.notes):
            (Path(folder) / f"note-{i}.md").write_text(note(run, i), encoding="utf-8")
        started = time.perf_counter()
        report = garden_import(paths=[folder])
        elapsed = time.perf_counter() - started
    print(f"database: {connection.vendor}")
    print(report.summary())
    print(f"{args.notes} notes in {elapsed:.2f} s: {args.notes / elapsed:.0f} notes/second")
    if not args.keep:
        Brief.objects.filter(permalink__startswith=f"/bench-{run}/").delete()
        Topic.objects.filter(path__startswith=f"bench-{run}").delete()


if __name__ == "__main__":
    main()
