"""One more task for the project's Celery app (config.celery, its settings), for tests that need a task to be
running at a chosen moment: `celery -A config worker --include=tests.integration.probe_tasks`."""

import time
from pathlib import Path

from config.celery import app


@app.task(name="probe.sleep")
def sleep(seconds: float, done: str) -> None:
    """Sleep, then create the file `done`."""
    time.sleep(seconds)
    Path(done).touch()
