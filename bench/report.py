"""Write bench/results/latest.md from bench/results/latest.json (bench/run.py calls this at the end).

Also quotes bench/results/summary.md (the paragraph for the README, written by hand from the figures)
and bench/results/profiling.md (what profiling found and the before/after of each fix)."""

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGETS = {"detail": 0.40, "list": 0.25, "page": 0.25}  # issue 22: API details, lists and pages
P95_MAX = 150


def machine() -> list[str]:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line))
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (shared by gunicorn, the Celery worker, PostgreSQL, Redis and locust)",
        f"- Memory: {mem_kb / 1024 / 1024:.1f} GiB",
        f"- {versions()}",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
    ]


def versions() -> str:
    import django
    import gunicorn
    import locust
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2:3]
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {postgres}, "
        f"Redis {''.join(redis).removeprefix('v=')}, gunicorn {gunicorn.__version__}, locust {locust.__version__}"
    )


def http_table(rows: list[dict]) -> list[str]:
    floor = next((r["rps"] for r in rows if r["name"] == "floor" and "rps" in r), None)
    lines = [
        "| endpoint | requests/s | p50 ms | p95 ms | errors | floor just before | ratio to it | target | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        if "missing" in r:
            lines.append(f"| {r['path']} | – | – | – | – | – | – | – | {r['missing']} |")
            continue
        before = r.get("floor_rps") or floor  # results from before 2026-11-27 have one floor for all
        ratio = r["rps"] / before if before else None
        target = TARGETS.get(r["kind"])
        verdict = meets(r, ratio, target)
        shown_target = f"≥ {target:.0%}, p95 ≤ {P95_MAX}" if target else f"p95 ≤ {P95_MAX}"
        lines.append(
            f"| {r['path']} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['failures']} | "
            f"{'–' if r['kind'] == 'floor' else f'{before:.0f}'} | {ratio:.0%} | "
            f"{'–' if r['kind'] == 'floor' else shown_target} | {verdict} |"
        )
    return lines


def floor_note(rows: list[dict]) -> list[str]:
    runs = next((r.get("runs") for r in rows if r["name"] == "floor"), None)
    if not runs:
        return []
    shown = ", ".join(f"{rps:.0f}" for rps in runs if rps)
    return [
        "The floor (a bare Django `JsonResponse` through the same middleware) is measured again just before each "
        f"endpoint, and each ratio is to that run: it moved between {shown} requests/s over this run. The floor "
        "row shows the fastest.",
        "",
    ]


def meets(r: dict, ratio: float | None, target: float | None) -> str:
    if r["kind"] == "floor":
        return "the floor"
    misses = []
    if target and ratio is not None and ratio < target:
        misses.append("ratio")
    if r["p95"] > P95_MAX:
        misses.append("p95")
    if r["failures"]:
        misses.append("errors")
    return "meets" if not misses else "misses: " + ", ".join(misses)


def sim_table(steps: list[dict], autosaves: int) -> list[str]:
    if not steps:
        return ["Not run (BENCH_SIM_STEPS was empty)."]
    passed = [s["students"] for s in steps if s["passed"]]
    lines = [
        f"**Largest N that held: {max(passed) if passed else 'none of the steps'}** (target 5,000). "
        f"Each student starts within the first 60 s, autosaves {autosaves} times about 30 s apart "
        "(±20 % think time), submits ~10 s later; a real Celery worker grades.",
        "",
        "| students | requests | errors | req/s | p50 ms | p95 ms | start p95 | autosave p95 | submit p95 "
        "| graded | held |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for s in steps:
        by = s.get("by_name", {})
        p95 = {name: f"{by[name]['p95']:.0f}" if name in by else "–" for name in ("start", "autosave", "submit")}
        lines.append(
            f"| {s['students']} | {s['requests']} | {s['failures']} | {s['rps']:.0f} | {s['p50']:.0f} | "
            f"{s['p95']:.0f} | {p95['start']} | {p95['autosave']} | {p95['submit']} | "
            f"{s['graded']} of {s['submitted']} (+{s['grading_wait_s']} s) | {'yes' if s['passed'] else 'no'} |"
        )
    return lines


def others(results: dict) -> list[str]:
    lines = []
    titles = {"grading": "Grading", "reports": "Progress reports", "import": "Garden import"}
    for name, r in results.items():
        lines += [f"### {titles.get(name, name)}", ""]
        if "skipped" in r:
            lines += [f"Skipped: {r['skipped']}.", ""]
            continue
        status = f"timed out after {r['timeout']} s" if "timeout" in r else f"exit {r['exit']}, {r['seconds']} s"
        lines += [f"`{r['command']}` ({status}):", "", "```", r["output"].strip(), "```", ""]
    return lines or ["Not run (BENCH_OTHERS was empty)."]


def quoted(name: str) -> list[str]:
    path = RESULTS / name
    return [path.read_text(encoding="utf-8").strip(), ""] if path.exists() else []


def main() -> None:
    data = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
    lines = ["# Benchmark results", "", *quoted("summary.md"), "## Machine", "", *machine(), ""]
    lines += [
        "## HTTP endpoints",
        "",
        f"gunicorn 2 workers × 4 gthread threads, `config.settings.bench` (production settings on plain HTTP), "
        f"PostgreSQL, Redis cache and broker. Locust (FastHttpUser, one process) with {data['users']} users, "
        f"no think time, {data['seconds']} s per endpoint after all users started. Run started {data['started']}.",
        "",
        *floor_note(data["http"]),
        *http_table(data["http"]),
        "",
        "## Simultaneous quiz",
        "",
        *sim_table(data.get("sim", []), data.get("sim_autosaves", 3)),
        "",
        "## Queries per request, 1 and 50 objects",
        "",
        "Each request is measured with an empty cache (the worst case). API rows use DRF's force_authenticate (a "
        "real token request adds 1 query, the token joined to its user); page rows log in with a session (its 2 "
        "queries are counted: the session, kept in the cache afterwards, and the user, read on every request). A "
        "brief or a list of briefs already cached costs no query. From `bench/query_counts.py`.",
        "",
        data.get("queries", "").strip(),
        "",
        "## Other benchmarks",
        "",
        *others(data.get("others", {})),
        *quoted("notes.md"),
        *quoted("profiling.md"),
    ]
    (RESULTS / "latest.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
