"""The resolution.json schema, and checking a document against it."""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema

from pipeline.config import SCHEMA_PATH


@lru_cache(maxsize=1)
def schema() -> dict:
    """Gives the JSON schema of resolution.json."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(data: dict) -> list[str]:
    """Gives the schema violations of a resolution.json dict (empty when it is valid)."""
    validator = jsonschema.Draft202012Validator(schema())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
