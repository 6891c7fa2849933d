"""The shape of a backup: the JSON Schema the project ships, and how its findings read.

``claimdesk/core/schemas/backup.schema.json`` gives types, vocabularies, ranges, string
lengths, list sizes, ids below 2^63 and how deep free-form values may nest; every finding
becomes part of one line naming its record (``claim 12 (article 3): facets must be an
object``).  ``load_json`` parses without letting hostile nesting or NaN through.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

from claimdesk.errors import ImportFailed

SCHEMA_RESOURCE = ("claimdesk.core", "schemas/backup.schema.json")
MAX_ID = 2**63 - 1  # the largest value a database's integer column holds
SHOWN_PROBLEMS = 3  # per record, on its one line


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(text: str | bytes) -> Any:
    """Parse JSON without letting hostile nesting or non-standard numbers through."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ImportFailed(
            "The file nests lists or objects too deeply to be a claimdesk export; "
            "nothing was imported."
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"The file is not valid JSON ({exc}); nothing was imported.") from None


@cache
def backup_schema() -> dict[str, Any]:
    package, name = SCHEMA_RESOURCE
    schema: dict[str, Any] = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    return schema


@cache
def _validator() -> Any:
    """The schema's validator, with its ``$ref``s written out in place: resolving them
    for every record made checking a desk of 20,000 claims take twice as long."""
    from jsonschema import Draft202012Validator

    schema = backup_schema()
    body = {k: v for k, v in schema.items() if k != "$defs"}
    return Draft202012Validator(_inline(body, schema["$defs"]))


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if set(node) == {"$ref"}:  # the shipped schema's refs are local and not recursive
            return _inline(defs[node["$ref"].removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


# name in the file -> (singular for messages, the field naming its parent, parent's name)
LABELS: dict[str, tuple[str, str | None, str]] = {
    "articles": ("article", None, ""),
    "sources": ("source", None, ""),
    "claims": ("claim", "article_id", "article"),
    "evidence": ("evidence", "claim_id", "claim"),
    "status_changes": ("status change", "claim_id", "claim"),
    "article_versions": ("article version", "article_id", "article"),
    "article_checks": ("article check", "article_id", "article"),
    "dismissed_suggestions": ("dismissed suggestion", "article_id", "article"),
    "article_edits": ("article edit", "article_id", "article"),
    "saved_searches": ("saved search", None, ""),
    "claim_groups": ("claim group", None, ""),
    "claim_group_members": ("group member", "claim_id", "claim"),
    "match_rejections": ("match rejection", None, ""),
}


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def label(table: str, index: int, record: object) -> str:
    """How a record is named in messages: by its id (and parent), else by its place."""
    singular, parent_field, parent = LABELS.get(table, (table, None, ""))
    if not isinstance(record, dict):
        return f"{table} record {index + 1}"
    own = record.get("id")
    if _is_id(own):
        name = f"{singular} {own}"
    elif table == "claim_group_members":
        name = singular  # it has no id of its own: it is named by its claim
    else:
        name = f"{table} record {index + 1}"
    if parent_field and _is_id(record.get(parent_field)):
        name += f" ({parent} {record[parent_field]})"
    return name


def show(value: object, width: int = 40) -> str:
    """A short, printable form of a value from the file."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= width else text[: width - 1] + "\u2026"


_KINDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _describe(error: Any, field: str) -> str:
    kind, limit = error.validator, error.validator_value
    if kind == "type":
        kinds = [limit] if isinstance(limit, str) else list(limit)
        return f"{field} must be " + " or ".join(_KINDS.get(k, k) for k in kinds)
    if kind == "maxLength":
        return f"{field} is longer than {limit:,} characters"
    if kind == "minLength":
        return f"{field} is empty"
    if kind == "minimum":
        return f"{field} must be at least {limit:,} (it is {show(error.instance)})"
    if kind == "maximum" and limit == MAX_ID:
        return f"{field} is too large for an id (the limit is 2^63 - 1)"
    if kind == "maximum":
        return f"{field} must be at most {limit:,} (it is {show(error.instance)})"
    if kind in ("enum", "const"):
        allowed = [limit] if kind == "const" else limit
        words = ", ".join("empty" if a is None else str(a) for a in allowed)
        return f"{field} \u201c{show(error.instance)}\u201d is not one of: {words}"
    if kind == "pattern":
        return f"{field} is not a SHA-256 digest (64 hexadecimal digits)"
    if kind in ("maxItems", "maxProperties"):
        return f"{field} has more than {limit:,} entries"
    if kind == "required":
        missing = [k for k in limit if k not in error.instance]
        return "has no " + ", ".join(f"\u201c{k}\u201d" for k in missing)
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "has unknown fields " + ", ".join(f"\u201c{show(k, 30)}\u201d" for k in extra)
    if kind == "anyOf":
        return f"{field} is nested more than three levels deep or holds a value of the wrong kind"
    return f"{field} is not valid ({error.message[:80]})"


def _in_file_order(error: Any) -> list[tuple[int, int | str]]:
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in error.absolute_path]


def _field(path: list[Any]) -> str:
    text = str(path[0])
    for part in path[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def schema_problems(data: dict[str, Any]) -> list[str]:
    """One line per record (or top-level entry) that breaks the shipped schema."""
    by_item: dict[str, list[str]] = defaultdict(list)
    validator = _validator()
    try:
        errors = list(validator.iter_errors(data))
    except RecursionError:
        return ["The file nests values too deeply to be checked"]
    for error in sorted(errors, key=_in_file_order):
        path = list(error.absolute_path)
        if len(path) < 2 or not isinstance(path[1], int):
            name = f"the file's \u201c{path[0]}\u201d" if path else "the file"
            by_item[name].append(_describe(error, "it").replace("it ", "", 1))
            continue
        table, index = str(path[0]), path[1]
        item = label(table, index, data[table][index])
        if len(path) == 2:
            text = (
                _describe(error, "the record").replace("the record ", "", 1)
                if error.validator != "type"
                else "is not an object"
            )
        else:
            text = _describe(error, _field(path[2:]))
        if text not in by_item[item]:
            by_item[item].append(text)
    return [line(item, texts) for item, texts in by_item.items()]


def line(item: str, texts: list[str]) -> str:
    shown = "; ".join(texts[:SHOWN_PROBLEMS])
    if len(texts) > SHOWN_PROBLEMS:
        shown += f"; and {len(texts) - SHOWN_PROBLEMS} more"
    return f"{item}: {shown}"
