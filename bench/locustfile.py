"""Locust users for `make bench`; bench/run.py picks one class per run by name.

Each user is a closed loop with no think time (except QuizTaker): throughput is what the server gives.
FastHttpUser (geventhttpclient) rather than HttpUser, because the load generator shares the machine's
two cores with the server and should take as little of them as it can.

Fixtures (tokens, attempts, session cookies) come from the JSON file named by BENCH_FIXTURES."""

import itertools
import json
import os
import random

import gevent
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

FIXTURES = json.loads(open(os.environ["BENCH_FIXTURES"], encoding="utf-8").read())  # noqa: SIM115
_class_users = itertools.count()
TOKEN_OFFSET = int(os.environ.get("BENCH_TOKEN_OFFSET", "0"))
_submit_pool = iter(FIXTURES["submit_pool"])
_pool_tokens = iter(FIXTURES["pool_tokens"])


class ApiUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        # Each endpoint's users have tokens of their own (run.py sets the offset): at these rates a token
        # shared with the previous endpoint's run would reach the per-user throttle within the same minute.
        n = (TOKEN_OFFSET + next(_class_users)) % len(FIXTURES["class_tokens"])
        self.auth = {"Authorization": f"Token {FIXTURES['class_tokens'][n]}"}


class Floor(FastHttpUser):
    wait_time = constant(0)

    @task
    def floor(self):
        self.client.get("/bench/floor", name="floor")


class BriefDetail(ApiUser):
    @task
    def brief(self):
        self.client.get(f"/api/v1/briefs/{FIXTURES['brief']}/", headers=self.auth, name="brief detail")


class BriefList(ApiUser):
    @task
    def briefs(self):
        self.client.get("/api/v1/briefs/?page_size=25", headers=self.auth, name="brief list")


class QuizDetail(ApiUser):
    @task
    def quiz(self):
        self.client.get(f"/api/v1/quizzes/{FIXTURES['quiz']}/", headers=self.auth, name="quiz detail")


def answer_for(question: dict):
    """A well-formed answer of the question's type, from what the attempt shows."""
    kind = question["type"]
    if kind == "single":
        return {"choice": question["choices"][0]["id"]}
    if kind == "multiple":
        return {"choices": [question["choices"][0]["id"]]}
    if kind == "true_false":
        return {"value": True}
    if kind == "numerical":
        return {"value": 1956}
    if kind == "matching":
        pairs = zip(question["left"], question["right"], strict=False)
        return {"pairs": [{"left": x["id"], "right": y["id"]} for x, y in pairs]}
    if kind == "ordering":
        return {"order": [x["id"] for x in question["items"]]}
    return {"text": "Khrushchev"}  # short_answer, essay


def answers(attempt: dict) -> dict:
    return {"responses": [{"question": q["id"], "answer": answer_for(q)} for q in attempt["questions"]]}


class Autosave(ApiUser):
    """Each user saves all answers of its own open attempt, again and again (no version: last write wins)."""

    def on_start(self):
        super().on_start()
        slug = FIXTURES["autosave_quiz"]
        with self.client.post(f"/api/v1/quizzes/{slug}/attempts/", headers=self.auth, name="start (setup)") as r:
            attempt = r.json()
        self.url, self.payload = f"/api/v1/attempts/{attempt['id']}/", answers(attempt)

    @task
    def save(self):
        self.client.patch(self.url, json=self.payload, headers=self.auth, name="autosave")


class Submit(FastHttpUser):
    """Every request submits a different open attempt, pre-created by bench/seed.py; its student has made a
    request before (run.warm_submit_pool), as a student autosaves before submitting."""

    wait_time = constant(0)

    @task
    def submit(self):
        try:
            token, attempt_id = next(_submit_pool)
        except StopIteration:
            raise StopUser() from None  # the pool ran out; run.py reports the count it got
        headers = {"Authorization": f"Token {token}"}
        self.client.post(f"/api/v1/attempts/{attempt_id}/submit/", headers=headers, name="submit")


class PageUser(FastHttpUser):
    """Logged in through the login form by run.py beforehand; this user carries the cookies a browser would
    then send: the session's and the CSRF token's."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        cookies = FIXTURES["cookies"]
        self.cookie = {"Cookie": cookies[next(_class_users) % len(cookies)]}


class Dashboard(PageUser):
    @task
    def home(self):
        self.client.get("/", headers=self.cookie, name="dashboard")


class BriefPage(PageUser):
    @task
    def brief(self):
        self.client.get(f"/briefs/{FIXTURES['brief']}/", headers=self.cookie, name="brief page")


class QuizTaker(FastHttpUser):
    """One student of the simultaneous quiz: start, autosave every ~30 s while answering, submit, leave.

    Users are spawned over 60 s (run.py sets the spawn rate), so the starts spread over a minute. Locust spawns
    them a second's worth at a time (floor(rate) users at once, once a second), so each student first waits a
    random part of a second: the starts arrive spread over each second, as students' clicks would, rather than
    in bursts of N/60 within a millisecond."""

    wait_time = constant(0)
    autosaves = int(os.environ.get("BENCH_SIM_AUTOSAVES", "3"))

    def on_start(self):
        self.auth = {"Authorization": f"Token {next(_pool_tokens)}"}
        self.quiz = FIXTURES["sim_quizzes"][os.environ["BENCH_SIM_STEP"]]

    @task
    def take_quiz(self):
        gevent.sleep(random.random())  # noqa: S311 - timing jitter, not security
        with self.client.post(f"/api/v1/quizzes/{self.quiz}/attempts/", headers=self.auth, name="start") as r:
            attempt = r.json() if r.status_code in (200, 201) else None
        if attempt is None:
            raise StopUser()
        url = f"/api/v1/attempts/{attempt['id']}/"
        payload = answers(attempt)
        for _ in range(self.autosaves):
            self._think(30)
            self.client.patch(url, json=payload, headers=self.auth, name="autosave")
        self._think(10)
        self.client.post(url + "submit/", headers=self.auth, name="submit")
        raise StopUser()

    def _think(self, seconds: float):
        # Jitter, so the saves of students who started together do not arrive in lockstep.
        gevent.sleep(seconds * random.uniform(0.8, 1.2))  # noqa: S311 - timing jitter, not security
