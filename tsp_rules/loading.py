"""Reading YAML while keeping the line and column of every value, and locating validation errors.

PyYAML's ``SafeLoader`` composes the document into nodes (no Python objects are constructed, so tags
like ``!!python/object`` are only ever rejected); this module turns the nodes into plain values itself,
so that duplicate keys, alias bombs and recursive aliases are caught, dates stay strings until pydantic
parses them, and each value's position is recorded under its path.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pydantic
import yaml

from tsp_rules.errors import InputError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this are refused before they are parsed."""

MAX_NODES = 200_000
"""Values produced from one document (aliases count each time they are expanded)."""

MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _STR,
    "tag:yaml.org,2002:timestamp",
}


@attrs.frozen
class Document:
    """A parsed YAML file: its plain data and the 1-based position of every path in it."""

    file: str
    data: Any
    positions: Mapping[PathKey, tuple[int, int]] = attrs.field(eq=False, repr=False)
    key_positions: Mapping[PathKey, tuple[int, int]] = attrs.field(eq=False, repr=False, factory=dict)

    def locate(self, path: Sequence[str | int], at_key: bool = False) -> tuple[int, int]:
        """The position of the value at ``path`` (of its key with ``at_key``).

        A path that is not in the file (a missing field) is located at the key of its nearest ancestor
        that is, so that the message points at the mapping that lacks it.
        """
        key = tuple(path)
        if at_key and key in self.key_positions:
            return self.key_positions[key]
        if key in self.positions:
            return self.positions[key]
        while key:
            key = key[:-1]
            if key in self.key_positions:
                return self.key_positions[key]
            if key in self.positions:
                return self.positions[key]
        return (1, 1)

    def problem(self, path: Sequence[str | int], message: str, at_key: bool = False) -> Problem:
        line, col = self.locate(path, at_key)
        return Problem(self.file, line, col, message, format_path(path))


def format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file (with or without BOM), refusing huge files and other encodings clearly."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError([Problem(name, 1, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")])
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(name, 1, 1, f"cannot read file: {exc.strerror or exc}")]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [Problem(name, line, col, "file is not valid UTF-8; save it as UTF-8 (with or without BOM)")]
        ) from None
    if "\x00" in text:
        raise InputError([Problem(name, 1, 1, "file contains NUL bytes; it is not a text file")])
    return text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.key_positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def fail(self, node: yaml.Node, message: str, path: PathKey) -> None:
        self.problems.append(
            Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, message, format_path(path))
        )

    def build(self, node: yaml.Node, path: PathKey, active: tuple[int, ...]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if len(path) > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels", path)
            return None
        if id(node) in active:
            self.fail(node, "recursive alias", path)
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        active = (*active, id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, f"unsupported tag {node.tag!r}", path)
                return None
            return [self.build(item, (*path, i), active) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.fail(node, f"unsupported tag {node.tag!r}", path)
                return None
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, "keys must be plain strings (merge keys are not supported)", path)
                    continue
                key = str(self.scalar(key_node, path))
                child = (*path, key)
                if key in out:
                    self.fail(key_node, f"duplicate key '{key}'", child)
                    continue
                self.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child, active)
            return out
        self.fail(node, "unsupported YAML node", path)  # pragma: no cover - PyYAML has only three
        return None

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.fail(node, f"unsupported tag {tag!r}: only plain YAML values are allowed", path)
            return None
        if tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay text; the models parse and check them
        try:
            return yaml.SafeLoader.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            self.fail(node, f"invalid value {node.value!r}", path)
            return None


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


_CONSTRUCTOR = yaml.SafeLoader("")


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document into plain values with positions, or raise :class:`InputError`."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise InputError([Problem(file, line, col, message)]) from None
    except yaml.YAMLError as exc:  # e.g. a second document in the stream
        raise InputError([Problem(file, 1, 1, f"YAML error: {exc}")]) from None
    if node is None:
        raise InputError([Problem(file, 1, 1, "file is empty")])
    builder = _Builder(file)
    try:
        data = builder.build(node, (), ())
    except _TooBig as big:
        mark = big.node.start_mark
        raise InputError(
            [Problem(file, mark.line + 1, mark.column + 1, f"document expands to more than {MAX_NODES} values")]
        ) from None
    except RecursionError:
        raise InputError([Problem(file, 1, 1, "document is nested too deeply")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    return Document(file, data, builder.positions, builder.key_positions)


def load_document(path: Path | str, display: str | None = None) -> Document:
    path = Path(path)
    name = display or str(path)
    return parse_yaml(read_text(path, name), name)


def validation_problems(
    doc: Document, error: pydantic.ValidationError, model: type[pydantic.BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into located problems with allowed values and suggestions."""
    problems = []
    for err in error.errors(include_url=False):
        loc: PathKey = tuple(p for p in err["loc"] if not _is_model_tag(p))
        unknown = err["type"] == "extra_forbidden"
        allowed = _fields_at(model, loc[:-1]) if unknown else ()
        problems.append(doc.problem(loc, _message(err, allowed), at_key=unknown))
    return problems


def _fields_at(model: Any, loc: PathKey) -> tuple[str, ...]:
    """The field names of the model found by walking ``loc`` from ``model`` (empty if none)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return ()
    current = _unwrap(current, None)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return tuple(current.model_fields)
    return ()


def _unwrap(tp: Any, part: str | int | None) -> Any:
    """Step from type ``tp`` into ``part`` (a field name or list index); None steps through wrappers."""
    for _ in range(8):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
            tp = models[0] if models else members[0]
        elif origin is list and isinstance(part, int):
            return typing.get_args(tp)[0]
        elif origin is dict and isinstance(part, str):
            return typing.get_args(tp)[1]
        else:
            break
    if part is None:
        return tp
    if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        field = tp.model_fields.get(part)
        return field.annotation if field else None
    return None


def _is_model_tag(part: Any) -> bool:
    # pydantic adds union/tagged members to loc, e.g. 'function-after[...]' or a class name
    return isinstance(part, str) and ("[" in part or part[:1].isupper())


def _message(err: Mapping[str, Any], allowed: Sequence[str] = ()) -> str:
    kind = err["type"]
    loc = [p for p in err["loc"] if not _is_model_tag(p)]
    name = str(loc[-1]) if loc else "value"
    if kind == "extra_forbidden":
        hint = did_you_mean(name, allowed) if allowed else ""
        listing = f"; allowed: {', '.join(sorted(allowed))}" if allowed else ""
        return f"unknown field '{name}'{hint}{listing}"
    if kind == "missing":
        return f"missing required field '{name}'"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    got = err.get("input")
    if kind in ("literal_error", "enum") and isinstance(got, str):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in str(expected).replace(" or ", ",").split(",")]
        return f"'{name}': {msg}, got '{got}'{did_you_mean(got, [c for c in choices if c])}"
    if isinstance(got, (str, int, float, bool)) and not isinstance(got, dict):
        return f"'{name}': {msg} (got {got!r})"
    return f"'{name}': {msg}"
