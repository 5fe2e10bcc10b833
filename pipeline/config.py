"""One typed configuration object with defaults, passed whole to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DEFAULT_TEMPLATES = PROJECT_DIR / "templates"
SCHEMA_PATH = PACKAGE_DIR / "resolution.schema.json"
COMPARISON_SCHEMA_PATH = PACKAGE_DIR / "comparison.schema.json"
COLLECTION_SCHEMA_PATH = PACKAGE_DIR / "collection.schema.json"

ALL_FORMATS = ("json", "html", "pdf", "docx", "akn", "ics")
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class Config:
    """Settings for a run; every field has a default."""

    formats: tuple[str, ...] = ALL_FORMATS
    templates: Path = DEFAULT_TEMPLATES
    jobs: int = 1
    max_pages: int = 500
    max_bytes: int = 200 * 1024 * 1024
    timeout_seconds: float = 300.0  # per document; 0: no limit
    max_memory_mb: int = 4096  # address space of the process converting one document; 0: no limit
    debug: bool = False
    force: bool = False  # rebuild packs that are already up to date
    isolate: bool = True  # convert each document in a child process (limits, crash safety)
    custom_templates: bool = False  # True when templates came from the user: sandboxed
    scheduler: str = ""  # a Dask scheduler's address, or "local" for a cluster started here; "": no cluster
    ocr: str = "auto"  # scanned pages through Tesseract: auto (pages without a text layer), always, never
    extra: dict = field(default_factory=dict)
