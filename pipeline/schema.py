"""The resolution.json, comparison.json and collection.json schemas, and checking a document against them."""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema

from pipeline.config import COLLECTION_SCHEMA_PATH, COMPARISON_SCHEMA_PATH, SCHEMA_PATH


@lru_cache(maxsize=1)
def schema() -> dict:
    """Gives the JSON schema of resolution.json."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def comparison_schema() -> dict:
    """Gives the JSON schema of comparison.json."""
    return json.loads(COMPARISON_SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_collection(data: dict) -> list[str]:
    """Gives the schema violations of a collection.json dict (empty when it is valid)."""
    return _violations(json.loads(COLLECTION_SCHEMA_PATH.read_text(encoding="utf-8")), data)


def validate_comparison(data: dict) -> list[str]:
    """Gives the schema violations of a comparison.json dict (empty when it is valid)."""
    return _violations(comparison_schema(), data)


def validate(data: dict) -> list[str]:
    """Gives the schema violations of a resolution.json dict (empty when it is valid)."""
    return _violations(schema(), data)


def _violations(schema_dict: dict, data: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema_dict)
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
