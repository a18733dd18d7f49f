"""Frontmatter: YAML or JSON between `---` (markdown-it's front_matter plugin finds it), TOML between `+++`
(tomllib), or a bare JSON object first in the file (Hugo). Read by libraries, kept JSON-safe and bounded."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib

import yaml
from markdown_it.token import Token

from briefs.parsing.anchors import tokenize
from briefs.parsing.types import ParseError

MAX_FRONTMATTER_NODES = 5000
_TOML = re.compile(r"^\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_FENCE = re.compile(r"^---[ \t]*(?:\n|$)")


def read_note(text: str) -> tuple[dict, str, list[Token]]:
    """(frontmatter, body, the body's tokens) of a decoded note; the body starts at its first line of text."""
    if text.startswith("+++"):
        m = _TOML.match(text)
        if not m:
            raise ParseError("frontmatter is not closed by a '+++' line")
        return _body(_load(m.group(1), _toml), text[m.end() :])
    if _bare_json(text):
        data, end = _json_object(text)
        return _body(_checked(data), text[end:])
    tokens = tokenize(text)
    if tokens and tokens[0].type == "front_matter":
        body = "\n".join(text.split("\n")[tokens[0].map[1] :]).lstrip("\n")
        frontmatter = _load(tokens[0].content, _yaml_or_json)
        # A body that starts with its own `---` block is tokenized on its own, as the renderer will see it.
        return frontmatter, body, tokenize(body) if _FENCE.match(body) else tokens[1:]
    if _FENCE.match(text):
        raise ParseError("frontmatter is not closed by a '---' line")
    return {}, text, tokens


def _body(frontmatter: dict, body: str) -> tuple[dict, str, list[Token]]:
    body = body.lstrip("\n")
    return frontmatter, body, tokenize(body)


def _bare_json(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip()
    return first == "{" or first.startswith('{"')


def _json_object(text: str) -> tuple[object, int]:
    start = len(text) - len(text.lstrip())
    try:
        return json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"invalid frontmatter: {_describe(exc, first_line=1)}") from exc


def _yaml_or_json(raw: str):
    if raw.lstrip().startswith("{"):
        try:
            return json.loads(raw)
        except ValueError:
            pass  # YAML flow style looks like JSON but is not
    return yaml.safe_load(raw)


def _toml(raw: str):
    return tomllib.loads(raw)


def _load(raw: str, loader) -> dict:
    try:
        data = loader(raw)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ParseError(f"invalid frontmatter: {_describe(exc, first_line=2)}") from exc
    return _checked(data)


def _checked(data) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParseError("invalid frontmatter: not a mapping of keys to values")
    return _jsonable(data, [MAX_FRONTMATTER_NODES])


def _jsonable(value, budget: list[int]):
    """Frontmatter as JSON-safe data; YAML dates become ISO strings. Aliases cannot blow up."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ParseError("invalid frontmatter: too large")
    if isinstance(value, dict):
        return {str(k): _jsonable(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v, budget) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)  # JSON has no NaN or infinity
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _describe(exc: Exception, *, first_line: int) -> str:
    """The complaint with its line in the file (fenced frontmatter starts on line 2)."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"{exc.problem or exc.context} (line {exc.problem_mark.line + first_line})"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (line {exc.lineno + first_line - 1})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).strip().split("\n")[0][:200]


# --------------------------------------------------------------------------- fields


def frontmatter_tags(frontmatter: dict) -> list[str]:
    """`tags` (or `tag`) as a list or a comma/space-separated string, without a leading '#'."""
    raw = frontmatter.get("tags", frontmatter.get("tag"))
    values = raw if isinstance(raw, list) else re.split(r"[,\s]+", raw) if isinstance(raw, str) else []
    return [str(v).strip().lstrip("#") for v in values if isinstance(v, str | int) and str(v).strip().lstrip("#")]


def published(frontmatter: dict) -> bool:
    for key, negate in (("dg-publish", False), ("published", False), ("draft", True)):
        if key in frontmatter:
            value = frontmatter[key]
            truthy = value.strip().lower() in ("true", "yes", "1", "on") if isinstance(value, str) else bool(value)
            return truthy != negate
    return False
