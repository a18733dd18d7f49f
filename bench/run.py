"""`make bench`: the HTTP benchmark, the simultaneous-quiz scenario, query counts and the other benchmarks.

Not a test. Builds a throwaway PostgreSQL database `classroom_bench` (127.0.0.1:5432, user postgres),
seeds it (bench/seed.py), serves it with gunicorn (2 workers x 4 gthread threads, config.settings.bench)
and a Celery worker on Redis (databases 10 and 11), drives each endpoint from a separate locust process,
then writes bench/results/latest.json and, through bench/report.py, bench/results/latest.md.

Environment, for quicker runs:
    BENCH_USERS=32 BENCH_SECONDS=20         concurrent users and seconds per endpoint
    BENCH_ONLY=floor,brief-detail           only these endpoints (names in ENDPOINTS)
    BENCH_SIM_STEPS=250,500,1000,...        steps of the simultaneous-quiz scenario ("" skips it)
    BENCH_SIM_AUTOSAVES=3                   autosaves per student (one every ~30 s)
    BENCH_OTHERS=import,grading,reports     the other engineers' benchmarks to run ("" skips them)
    BENCH_OTHER_TIMEOUT=900                 seconds each of those may take
"""

import csv
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
DB = "classroom_bench"
OTHERS_DB = "classroom_bench_others"  # an empty, migrated database for the other engineers' benchmarks
ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"

USERS = int(os.environ.get("BENCH_USERS", "32"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
SIM_STEPS = [int(n) for n in os.environ.get("BENCH_SIM_STEPS", "500,1000,2000,3000,5000,7500,10000").split(",") if n]
SIM_AUTOSAVES = int(os.environ.get("BENCH_SIM_AUTOSAVES", "3"))
OTHERS = [n for n in os.environ.get("BENCH_OTHERS", "import,grading,reports").split(",") if n]
OTHER_TIMEOUT = int(os.environ.get("BENCH_OTHER_TIMEOUT", "900"))
# Open attempts for the submit endpoint (more than 20 s of submits at the rates seen here); their students are
# then the simultaneous quiz's, so as many as its largest step.
SUBMIT_POOL = 10000

# (name, locust user class, request name, kind, path shown in the report). Kind sets the target.
ENDPOINTS = [
    ("floor", "Floor", "floor", "floor", "GET /bench/floor"),
    ("brief-detail", "BriefDetail", "brief detail", "detail", "GET /api/v1/briefs/{slug}/"),
    ("brief-list", "BriefList", "brief list", "list", "GET /api/v1/briefs/?page_size=25"),
    ("quiz-detail", "QuizDetail", "quiz detail", "detail", "GET /api/v1/quizzes/{slug}/"),
    ("autosave", "Autosave", "autosave", "write", "PATCH /api/v1/attempts/{id}/"),
    ("submit", "Submit", "submit", "write", "POST /api/v1/attempts/{id}/submit/"),
    ("dashboard", "Dashboard", "dashboard", "page", "GET / (student dashboard)"),
    ("brief-page", "BriefPage", "brief page", "page", "GET /briefs/{slug}/"),
]
OTHER_SCRIPTS = {
    "import": ["bench/bench_import.py"],
    "grading": ["bench/bench_grading.py"],
    "reports": ["bench/bench_reports.py"],
}
# The grading benchmark times a real worker draining an idle broker: a Redis database of its own.
OTHER_ENV = {"grading": {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/12"}}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        REDIS_URL="redis://127.0.0.1:6379/10",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/11",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict | None = None, timeout: int | None = None) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env or bench_env(), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


# ---------------------------------------------------------------- database and data


def reset_stores() -> None:
    import psycopg
    import redis

    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    for db in (10, 11, 12):  # the bench's own Redis databases; others use the low numbers
        redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()


def prepare_data(fixtures: Path) -> None:
    manage = [str(BIN / "python"), "manage.py"]
    run([*manage, "migrate", "--noinput"])
    run([*manage, "collectstatic", "--noinput"])
    run([*manage, "load_demo"])
    steps = ",".join(map(str, SIM_STEPS))
    log(run([str(BIN / "python"), "bench/seed.py", str(fixtures), f"--students={SUBMIT_POOL}", f"--sim-steps={steps}"]))
    vacuum()


def vacuum(database: str = DB) -> None:
    """What autovacuum does on a database in use (`docker-compose.yml`'s PostgreSQL runs it; this machine's runs
    with autovacuum off): planner statistics and no dead rows. After a bulk load, without statistics PostgreSQL
    misjudges row counts and picks parallel plans with JIT compilation for queries that read a few rows (50 ms
    instead of 1 ms); between runs, each write run leaves dead rows and stale statistics to the next (34,000
    dead attempt rows after the simultaneous quiz's first steps, and its 5,000 step then missed where it held on
    a fresh database)."""
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}", autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def db_scalar(sql: str, *params):
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB}") as conn:
        return conn.execute(sql, params).fetchone()[0]


# ---------------------------------------------------------------- servers


@contextmanager
def servers(port: int):
    """gunicorn and a Celery worker, as production runs them (see docker-compose.yml); stopped on the way out."""
    env = bench_env()
    gunicorn = [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    gunicorn += ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"]
    # At a lower priority, as the compose file's cpu_shares has it: the requests get the two cores first.
    worker = [str(BIN / "celery"), "-A", "config", "worker", "--concurrency=2", "--loglevel=WARNING"]
    worker = ["nice", "-n", "10", *worker]
    logs = RESULTS / "raw"
    logs.mkdir(exist_ok=True)
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(logs / f"{name}.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
        for name, cmd in (("gunicorn", gunicorn), ("celery", worker))
    ]
    try:
        wait_healthy(port)
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


# ---------------------------------------------------------------- session logins (the page endpoints)


def login(base: str, username: str, password: str) -> str | None:
    """Log in through the site's form, CSRF token and all; the cookies a browser then sends (session and CSRF) as
    a Cookie header, or None if there is no login page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    except urllib.error.HTTPError:
        return None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    opener.open(f"{base}/accounts/login/", data=form.encode(), timeout=30)
    if not any(c.name == "sessionid" for c in jar):
        return None
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def add_sessions(base: str, fixtures: Path) -> None:
    data = json.loads(fixtures.read_text())
    names = data["class_students"][:USERS]
    with ThreadPoolExecutor(4) as pool:
        cookies = list(pool.map(lambda name: login(base, name, data["password"]), names))
    data["cookies"] = [c for c in cookies if c]
    fixtures.write_text(json.dumps(data))
    log(f"{len(data['cookies'])} of {len(names)} session logins through /accounts/login/")


def warm_submit_pool(base: str, data: dict) -> None:
    """One request by each student of the submit pool, as their autosaves would have made before they submit:
    their signed-in user is then in the cache (5 minutes), as a real class's is when it submits."""
    tokens = [token for token, _attempt in data["submit_pool"]]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda t: http_status(f"{base}/api/v1/me/", {"Authorization": f"Token {t}"}), tokens))
    log(f"{statuses.count(200)} of {len(statuses)} submitting students made a request first")


def http_status(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own http:// server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# ---------------------------------------------------------------- locust


def locust(
    user_class: str, *, users: int, rate: float, seconds: int, fixtures: Path, base: str, reset: bool = True, **env
) -> list[dict]:
    """One headless locust run in its own process; the rows of its stats CSV. `reset` drops what was measured
    while the users were still being spawned (the endpoint runs: steady state only)."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "stats"
        args = [str(BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "--only-summary"]
        args += ["--reset-stats"] if reset else []
        args += ["-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix)]
        args += ["--stop-timeout", "5", "--loglevel", "WARNING", user_class]
        done = subprocess.run(
            args, cwd=ROOT, env={**bench_env(BENCH_FIXTURES=str(fixtures)), **env}, capture_output=True, text=True
        )
        if done.returncode not in (0, 1):  # 1: some requests failed, which the rows report
            raise RuntimeError(f"locust {user_class} failed:\n{done.stderr[-3000:]}")
        with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
            for failure in csv.DictReader(handle):  # what failed, in the log: a count alone says nothing
                what = f"{failure['Method']} {failure['Name']}: {failure['Error']}"
                log(f"{user_class}: {failure['Occurrences']} × {what}")
        with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))


def figures(row: dict) -> dict:
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
    }


def http_benchmark(base: str, fixtures: Path) -> list[dict]:
    """Each endpoint, right after a run of the floor: its ratio is to that floor. The floor moved by half
    between runs on this shared machine (1,000 to 2,000 requests/s; autovacuum after seeding, neighbours),
    and a ratio to a floor measured minutes apart measured that drift. The floor row is the fastest run."""
    only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
    data = json.loads(fixtures.read_text())
    results, floors = [], []
    for name, user_class, request_name, kind, shown in ENDPOINTS[1:]:
        if only and name not in only:
            continue
        entry = {"name": name, "kind": kind, "path": shown}
        missing = missing_page(base, name, data)
        if missing:
            results.append({**entry, "missing": missing})
            log(f"{name}: {missing}")
            continue
        vacuum()
        if name == "submit":
            warm_submit_pool(base, data)
        floors.append(measure(ENDPOINTS[0], base, fixtures))
        offset = str(len(floors) * USERS)  # the users of each endpoint have tokens of their own
        endpoint = (name, user_class, request_name, kind, shown)
        results.append({**entry, **measure(endpoint, base, fixtures, BENCH_TOKEN_OFFSET=offset)})
        results[-1]["floor_rps"] = floors[-1].get("rps")
        log(f"{name}: {results[-1]}")
    name, _user_class, _request, kind, shown = ENDPOINTS[0]
    fastest = max((f for f in floors if "rps" in f), key=lambda f: f["rps"], default={"missing": "not run"})
    floor = {"name": name, "kind": kind, "path": shown, **fastest, "runs": [f.get("rps") for f in floors]}
    log(f"floor: {floor}")
    return [floor, *results]


def measure(endpoint: tuple, base: str, fixtures: Path, **env: str) -> dict:
    _name, user_class, request_name, _kind, _shown = endpoint
    rows = locust(user_class, users=USERS, rate=USERS, seconds=SECONDS, fixtures=fixtures, base=base, **env)
    row = next((r for r in rows if r["Name"] == request_name), None)
    return figures(row) if row else {"missing": "no request was made"}


def missing_page(base: str, name: str, data: dict) -> str | None:
    """Why a page endpoint cannot be measured (no login page, the page 404s), else None."""
    paths = {"dashboard": "/", "brief-page": f"/briefs/{data['brief']}/"}
    if name not in paths:
        return None
    if not data.get("cookies"):
        return "missing: no session login (the login page did not answer)"
    status = http_status(base + paths[name], {"Cookie": data["cookies"][0]})
    return None if status == 200 else f"missing: {paths[name]} answered {status}"


# ---------------------------------------------------------------- the simultaneous quiz


def sim_benchmark(base: str, fixtures: Path) -> list[dict]:
    """Step N up until a step fails (p95 >= 300 ms or any error); every step on a quiz of its own."""
    steps = []
    for n in SIM_STEPS:
        cap = 60 + int(SIM_AUTOSAVES * 36 + 12) + 20  # ramp, slowest think times, margin
        vacuum()
        log(f"simultaneous quiz: {n} students (at most {cap} s)")
        started = time.monotonic()
        rows = locust(
            "QuizTaker", users=n, rate=round(n / 60, 2), seconds=cap, fixtures=fixtures, base=base, reset=False,
            BENCH_SIM_STEP=str(n), BENCH_SIM_AUTOSAVES=str(SIM_AUTOSAVES),
        )  # fmt: skip
        step = {"students": n, "seconds": round(time.monotonic() - started), **sim_step(rows)}
        step.update(grading_of(json.loads(fixtures.read_text())["sim_quizzes"][str(n)]))
        steps.append(step)
        log(f"simultaneous quiz: {step}")
        if not step["passed"]:
            break
    return steps


def sim_step(rows: list[dict]) -> dict:
    total = next(r for r in rows if r["Name"] == "Aggregated")
    by_name = {r["Name"]: figures(r) for r in rows if r["Name"] != "Aggregated"}
    overall = figures(total)
    return {**overall, "by_name": by_name, "passed": overall["failures"] == 0 and overall["p95"] < 300}


def grading_of(quiz_slug: str, patience: int = 120) -> dict:
    """Wait (up to `patience` s) for the worker to grade the step's submitted attempts; how many it graded."""
    count = "SELECT count(*) FROM quizzes_attempt a JOIN quizzes_quiz q ON q.id = a.quiz_id WHERE q.slug = %s"
    waited = 0
    while waited < patience and db_scalar(count + " AND a.status = 'submitted'", quiz_slug):
        time.sleep(2)
        waited += 2
    return {
        "submitted": db_scalar(count + " AND a.status <> 'in_progress'", quiz_slug),
        "graded": db_scalar(count + " AND a.status IN ('graded', 'needs_review')", quiz_slug),
        "grading_wait_s": waited,
    }


# ---------------------------------------------------------------- query counts and the other benchmarks


def query_counts() -> str:
    return run([str(BIN / "python"), "bench/query_counts.py"], timeout=600)


def other_benchmarks() -> dict:
    """The other engineers' scripts, each on the bench database with a time cap; their output, quoted."""
    env = bench_env(DJANGO_SETTINGS_MODULE="config.settings.local", DJANGO_DEBUG="false")
    env["DATABASE_URL"] = fresh_database(OTHERS_DB)  # not the seeded one: its 10,000 students would join
    for key in ("REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(key)  # they run their tasks eagerly in their own process
    results = {}
    for name in OTHERS:
        script = OTHER_SCRIPTS[name]
        if not (ROOT / script[0]).exists():
            results[name] = {"skipped": f"{script[0]} does not exist yet"}
            continue
        log(f"running {script[0]} (at most {OTHER_TIMEOUT} s)")
        results[name] = run_other([str(BIN / "python"), *script], {**env, **OTHER_ENV.get(name, {})})
    return results


def fresh_database(name: str) -> str:
    import psycopg

    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    run([str(BIN / "python"), "manage.py", "migrate", "--noinput"], env=bench_env(DATABASE_URL=url))
    return url


def run_other(args: list[str], env: dict) -> dict:
    started = time.monotonic()
    try:
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=OTHER_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        return {"command": " ".join(args[1:]), "timeout": OTHER_TIMEOUT, "output": (exc.stdout or b"").decode()}
    output = done.stdout + (done.stderr if done.returncode else "")
    return {"command": " ".join(args[1:]), "exit": done.returncode, "seconds": round(time.monotonic() - started)} | {
        "output": output[-4000:]
    }


# ---------------------------------------------------------------- main


def stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # unwinds through servers(), which stops gunicorn and the worker


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # a background job ignores SIGINT unless told otherwise
    RESULTS.mkdir(exist_ok=True)
    fixtures = RESULTS / "fixtures.json"
    log(f"database {DB}: drop, create, migrate, seed")
    reset_stores()
    prepare_data(fixtures)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    result = {"started": time.strftime("%Y-%m-%d %H:%M %Z"), "users": USERS, "seconds": SECONDS}
    with servers(port):
        add_sessions(base, fixtures)
        result["http"] = http_benchmark(base, fixtures)
        result["sim"] = sim_benchmark(base, fixtures) if SIM_STEPS else []
        result["sim_autosaves"] = SIM_AUTOSAVES
    log("query counts")
    result["queries"] = query_counts()
    result["others"] = other_benchmarks()
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=1))
    subprocess.run([sys.executable, str(ROOT / "bench" / "report.py")], check=True, env=bench_env())
    log("wrote bench/results/latest.md")


if __name__ == "__main__":
    main()
