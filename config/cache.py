"""The one cache helper: values built from the database (a rendered response, a page's shared part, a quiz's
questions), kept in Django's cache (Redis in the full stack, shared by every process) under the versions of the
data they were built from.

A write that changes such data replaces its version (`bump`, called by the services and by model signals, never
by a read), so the next read in any process builds the value again; nothing is kept in a process's own memory.
A version is a random string under its own key: an entry built under another one is never served again, so no
write has to find the entries it made stale."""

from collections.abc import Callable
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def cached(key: str, versions: tuple[str, ...], build: Callable[[], T], timeout: int | Callable[[T], int]) -> T:
    """`build()`, or the value it returned earlier under the current `versions` (one round trip when current).
    `timeout`, in seconds, may depend on the value: a function of it."""
    found = cache.get_many([*versions, key])
    current = tuple(found.get(name) or _start(name) for name in versions)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = build()
    cache.set(key, (current, value), timeout(value) if callable(timeout) else timeout)
    return value


def _start(name: str) -> str:
    """The first version of `name` (another process may set it first: then theirs)."""
    cache.add(name, uuid4().hex, timeout=None)
    return cache.get(name)


def bump(*versions: str) -> None:
    """Replace these versions: now, for this transaction's own next reads, and again once it commits, since
    another request may have built an entry from the old rows in between."""

    def replace() -> None:
        cache.set_many({name: uuid4().hex for name in versions}, timeout=None)

    replace()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(replace)
