"""The demo garden that `load_demo` imports: the four sample notes, one of each kind."""

import logging
from pathlib import Path

from briefs.services import garden_import

logger = logging.getLogger(__name__)

DEMO_GARDEN = Path(__file__).resolve().parent / "demo_garden"


def load_demo() -> None:
    """Import the demo garden. Idempotent: a second run finds every note unchanged."""
    report = garden_import(paths=[DEMO_GARDEN])
    for failure in report.failures:
        logger.error("demo note %s was not imported: %s", failure.name, failure.reason)
    logger.info("demo garden: %s", report.summary())
