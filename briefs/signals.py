"""What is cached of briefs (the API's lists and details, the brief page's shared part) is kept under this version
(config.cache): any save or delete of a brief, its study items or a topic replaces it (connected in briefs.apps)."""

from config.cache import bump

BRIEFS_VERSION = "briefs:version"


def briefs_changed(**kwargs) -> None:
    bump(BRIEFS_VERSION)
