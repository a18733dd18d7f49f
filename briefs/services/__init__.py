"""Writes for briefs: importing a digital garden (imports), storing one note (notes), its links and images
(garden). The names callers use are here."""

from briefs.services.garden import GardenRun, brief_url, tag_url
from briefs.services.imports import (
    CREATED,
    FAILED,
    MAX_ITEMS_PER_NOTE,
    PROGRESS_EVERY,
    RESERVED_SLUGS,
    UNCHANGED,
    UPDATED,
    FileResult,
    ImportReport,
    garden_import,
    garden_import_queue,
    garden_import_run,
    import_notes,
    normalize_permalink,
    note_checksum,
    permalink_from_path,
)
from briefs.services.notes import brief_save_note, topic_for_permalink

__all__ = [
    "CREATED", "FAILED", "MAX_ITEMS_PER_NOTE", "PROGRESS_EVERY", "RESERVED_SLUGS", "UNCHANGED", "UPDATED",
    "FileResult", "GardenRun", "ImportReport", "brief_save_note", "brief_url", "garden_import", "garden_import_queue",
    "garden_import_run", "import_notes", "normalize_permalink", "note_checksum", "permalink_from_path", "tag_url",
    "topic_for_permalink",
]  # fmt: skip
