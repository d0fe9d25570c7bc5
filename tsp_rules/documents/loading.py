"""Reading YAML while keeping the line and column of every value, and locating validation errors.

PyYAML's ``SafeLoader`` composes the document into nodes (no Python objects are constructed, so tags
like ``!!python/object`` are only ever rejected); this module turns the nodes into plain values itself,
so that duplicate keys, alias bombs and recursive aliases are caught, dates stay strings until pydantic
parses them, and each value's position is recorded under its path.
"""

from __future__ import annotations

import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs
import yaml

from tsp_rules.errors import InputError, Problem, format_path, hint, listing, message, os_reason, q, q_short, shown
from tsp_rules.texts import Text

if TYPE_CHECKING:  # pydantic is imported when a document is validated, not with this module
    import pydantic

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this are refused before they are parsed."""

MAX_NODES = 200_000
"""Values produced from one document (aliases count each time they are expanded)."""

MAX_DEPTH = 64
"""Nesting levels allowed in a document (deeper values are reported, not parsed further)."""

_SAFE_INDICATORS = 2_000
# libyaml's composer recurses in C and crashes on documents nested about 100,000 deep. A document with
# fewer than this many nesting indicators ([ { - ? : or line breaks) cannot be nested that deep; a
# larger one has its nesting measured from the event stream (which does not recurse) first.

_RESOLVED: dict[str, str] = {}
"""The implicit tag of plain scalars seen before (keys, enum values, dates, numbers repeat across files).
Capped at a few thousand: the keys and values that repeat are met in the first files; a larger cache
only fills up with ids and names that never come again (2 MB at 20,000 entries)."""
_RESOLVED_MAX = 4_096


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (about 15 times faster than the pure-Python one, with the same positions), with the
    safe loader's implicit tags resolved once per distinct plain scalar and without the path resolvers
    (unused here: every node would otherwise call into them twice). The same tags as the safe loader."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted, or a block scalar: text
            tag = _RESOLVED.get(value)
            if tag is None:
                if value and value[0] not in _IMPLICIT_FIRST and not _ANY_FIRST:
                    return _STR  # no implicit resolver starts with its first character: text, as the loader says
                tag = str(yaml.SafeLoader.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]
                if len(value) <= 64 and len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[value] = tag
            return tag
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


_IMPLICIT_FIRST = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)
"""The first characters the safe loader has implicit resolvers for (a plain scalar starting with any other is
text), unless it has a resolver for any first character (:data:`_ANY_FIRST`)."""
_ANY_FIRST = None in _IMPLICIT_FIRST

PathKey = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_TEXT_TAGS = frozenset({_STR, "tag:yaml.org,2002:timestamp"})
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
    """The position of the key of every mapping value (unknown or duplicate fields are located there)."""
    issues: tuple[tuple[PathKey, Problem], ...] = attrs.field(default=(), eq=False, repr=False)
    """Problems found while reading (duplicate keys, tags, …) of a leniently parsed document, with their paths."""

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

    def problem(self, path: Sequence[str | int], text: str | Text, at_key: bool = False) -> Problem:
        line, col = self.locate(path, at_key)
        return Problem(self.file, line, col, text, format_path(path))


def _read_bytes(path: Path, name: str, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (more is refused)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # stat first: opening a FIFO would wait for a writer
            raise InputError([Problem(name, 1, 1, message("not_regular"))])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())  # the file opened, in case the path was swapped after the stat
            if not stat.S_ISREG(info.st_mode):
                raise InputError([Problem(name, 1, 1, message("not_regular"))])
            if info.st_size > limit:
                raise InputError([Problem(name, 1, 1, message("too_large", size=info.st_size, limit=limit))])
            return _bounded(handle, name, limit)
    except OSError as exc:
        raise InputError([Problem(name, 1, 1, message("unreadable", reason=os_reason(exc)))]) from None


def _bounded(stream: BinaryIO, name: str, limit: int) -> bytes:
    raw = stream.read(limit + 1)  # the limit holds for what is read, whatever the size said
    if len(raw) > limit:
        raise InputError([Problem(name, 1, 1, message("over_limit", limit=limit))])
    return raw


def read_text(path: Path | BinaryIO, display: str | None = None, *, limit: int | None = None) -> str:
    """Read a UTF-8 file (with or without BOM), refusing huge files (over ``limit`` bytes), anything but a
    regular file, and other encodings clearly. ``path`` may also be a binary stream (standard input), read up
    to the same limit. Default ``limit``: :data:`MAX_FILE_BYTES`."""
    name = display or str(path)
    limit = MAX_FILE_BYTES if limit is None else limit
    if isinstance(path, Path):
        raw = _read_bytes(path, name, limit)
    else:
        try:
            raw = _bounded(path, name, limit)
        except OSError as exc:
            raise InputError([Problem(name, 1, 1, message("unreadable", reason=os_reason(exc)))]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(name, 1, 1, message("utf16"))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        # the column counts characters, as an editor does: the valid text before the bad byte on its line
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        guess: Text | str = ""
        if raw[exc.start] in b"\xc4\xc5\xd6\xe4\xe5\xf6\xe9\xc9\xfc\xdc":  # å ä ö é ü in Latin-1
            guess = message("latin1_guess")
        raise InputError([Problem(name, line, col, message("not_utf8", guess=guess))]) from None
    if "\x00" in text:
        raise InputError([Problem(name, 1, 1, message("nul"))])
    return text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.key_positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.flagged: list[tuple[PathKey, Problem]] = []
        self.count = 0

    def fail(self, node: yaml.Node, text: Text, path: PathKey) -> None:
        problem = Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, text,
                          format_path(path))
        self.problems.append(problem)
        self.flagged.append((path, problem))

    def build(self, node: yaml.Node, path: PathKey, active: tuple[int, ...]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        if path not in self.positions:  # an alias expanded again keeps its first position
            self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_DEPTH:
            self.fail(node, message("too_deep", depth=MAX_DEPTH), path)
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _TEXT_TAGS:  # the common case, first
                return node.value
            return self.scalar(node, path)
        if id(node) in active:
            self.fail(node, message("recursive_alias"), path)
            return None
        active = (*active, id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, _tag_message(node.tag), path)
                return None
            return [self.build(item, (*path, i), active) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.fail(node, _tag_message(node.tag), path)
                return None
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, message("plain_keys"), path)
                    continue
                key = str(self.scalar(key_node, path))
                child = (*path, key)
                if key in out:
                    self.fail(key_node, message("duplicate_key", key=q(key)), child)
                    continue
                self.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child, active)
            return out
        self.fail(node, message("node"), path)  # pragma: no cover - PyYAML has only three
        return None

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.fail(node, _tag_message(tag), path)
            return None
        if tag in _TEXT_TAGS:
            return node.value  # dates stay text; the models parse and check them
        try:
            return yaml.SafeLoader.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            self.fail(node, message("invalid_scalar", value=shown(node.value)), path)
            return None


class _NeedsFullBuild(Exception):
    """The fast builder met something it leaves to :class:`_Builder` (a problem, or a limit reached)."""


class _FastBuilder:
    """Plain values from a composed document without positions, for the common case of a clean file.

    It gives exactly the values :class:`_Builder` gives, and hands over (raises ``_NeedsFullBuild``) at
    anything :class:`_Builder` would report: an unsupported tag, a bad value, a duplicate or non-text key,
    nesting deeper than allowed (which includes every recursive alias), too many values. Positions are
    then worked out only if someone asks for one (see :class:`_LazyPositions`).
    """

    def __init__(self) -> None:
        self.count = 0

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _NeedsFullBuild
        kind = type(node)
        if kind is yaml.ScalarNode:
            tag = node.tag
            if tag in _TEXT_TAGS:
                return node.value
            return self.scalar(node)  # type: ignore[arg-type]
        if kind is yaml.SequenceNode:
            if node.tag != "tag:yaml.org,2002:seq":
                raise _NeedsFullBuild
            return [self.build(item, depth + 1) for item in node.value]
        if kind is yaml.MappingNode and node.tag == "tag:yaml.org,2002:map":
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _NeedsFullBuild
                key_tag = key_node.tag
                key = key_node.value if key_tag in _TEXT_TAGS else str(self.scalar(key_node))
                if key in out:
                    raise _NeedsFullBuild
                out[key] = self.build(value_node, depth + 1)
            return out
        raise _NeedsFullBuild

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:  # also the merge key
            raise _NeedsFullBuild
        try:
            return yaml.SafeLoader.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            raise _NeedsFullBuild from None


class _LazyPositions(Mapping[PathKey, tuple[int, int]]):
    """The positions of a document built without them, worked out (by parsing it again, the slow way) the
    first time one is asked for: only files with a problem, or a profile id used twice, need them."""

    def __init__(self, text: str, file: str, which: str, shared: dict[str, Any]) -> None:
        self._text, self._file, self._which, self._shared = text, file, which, shared

    def _found(self) -> Mapping[PathKey, tuple[int, int]]:
        if "positions" not in self._shared:
            builder = _Builder(self._file)
            node = yaml.compose(self._text, Loader=_FastLoader)
            if node is not None:
                builder.build(node, (), ())
            self._shared["positions"], self._shared["key_positions"] = builder.positions, builder.key_positions
        found: Mapping[PathKey, tuple[int, int]] = self._shared[self._which]
        return found

    def __getitem__(self, key: PathKey) -> tuple[int, int]:
        return self._found()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._found()

    def __iter__(self) -> Iterator[PathKey]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


def _tag_message(tag: str) -> Text:
    short = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
    return message("tag", tag=q(short))


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """How many values ``node`` expands to, counting each use of an alias (memoised per node)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if isinstance(node, yaml.ScalarNode) or depth > MAX_DEPTH:
        return 1
    memo[key] = 1  # a recursive alias counts once here; the builder reports it
    children = (node.value if isinstance(node, yaml.SequenceNode)
                else [v for _, v in node.value] if isinstance(node, yaml.MappingNode) else [])
    total = 1 + sum(_expanded_size(child, memo, depth + 1) for child in children)
    memo[key] = total
    return total


def _too_big(node: yaml.Node) -> yaml.Node | None:
    """The innermost node that alone expands to more than MAX_NODES values (an alias bomb), if any."""
    memo: dict[int, int] = {}
    if _expanded_size(node, memo) <= MAX_NODES:
        return None
    while True:
        children = (node.value if isinstance(node, yaml.SequenceNode)
                    else [v for _, v in node.value] if isinstance(node, yaml.MappingNode) else [])
        bigger = [c for c in children if memo.get(id(c), 1) > MAX_NODES]
        if not bigger:
            return node
        node = bigger[0]


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


_CONSTRUCTOR = yaml.SafeLoader("")


def _check_nesting(text: str, file: str) -> None:
    """Refuse documents nested deeper than the builder allows, without recursing (see _SAFE_INDICATORS)."""
    if sum(text.count(c) for c in "[{-?:\n") < _SAFE_INDICATORS:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise InputError([Problem(file, line, col, message("too_deep", depth=MAX_DEPTH))])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its position


def parse_yaml(text: str, file: str, *, lenient: bool = False, trusted: bool = False) -> Document:
    """Parse one YAML document into plain values with positions, or raise :class:`InputError`.

    Syntax errors, an empty file and documents that expand too far always raise. Problems with single
    values (duplicate keys, tags, recursive aliases, too deep nesting) raise too, unless ``lenient``:
    then the offending values are left out and the problems returned in :attr:`Document.issues`, so
    that a caller can report them together with the validation problems of the rest of the file.

    ``trusted`` is for the rulesets shipped in the package: their nesting and aliases are not checked
    before they are composed (a file with no problem composes to the same values either way; the checks
    guard libyaml's recursion and memory against a hostile file, and cost a third of parsing a large one).
    """
    if not trusted:
        _check_nesting(text, file)
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.problem:
            detail = f"{exc.problem} ({exc.context})"
        raise InputError([Problem(file, line, col, message("yaml_syntax", detail=detail))]) from None
    except yaml.reader.ReaderError as exc:  # a control character, before any parsing
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError([Problem(file, line, col, message("control_char", code=f"{ord(char):04X}"))]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml's other errors are all marked
        raise InputError([Problem(file, 1, 1, message("yaml_error", detail=" ".join(str(exc).split())))]) from None
    except RecursionError:  # pragma: no cover - the pure-Python composer on deep nesting
        raise InputError([Problem(file, 1, 1, message("too_deep", depth=MAX_DEPTH))]) from None
    if node is None:
        raise InputError([Problem(file, 1, 1, message("empty_file"))])
    bomb = _too_big(node) if "*" in text and not trusted else None  # without aliases the builder's count suffices
    if bomb is not None:
        mark = bomb.start_mark
        raise InputError([Problem(file, mark.line + 1, mark.column + 1,
                                  message("too_many_values", limit=MAX_NODES))])
    try:
        data = _FastBuilder().build(node, 0)
    except _NeedsFullBuild:
        pass
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops the builder long before
        pass
    else:
        shared: dict[str, Any] = {}
        return Document(file, data, _LazyPositions(text, file, "positions", shared),
                        _LazyPositions(text, file, "key_positions", shared))
    builder = _Builder(file)
    try:
        data = builder.build(node, (), ())
    except _TooBig as big:
        mark = big.node.start_mark
        raise InputError([Problem(file, mark.line + 1, mark.column + 1,
                                  message("too_many_values", limit=MAX_NODES))]) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops the builder long before
        raise InputError([Problem(file, 1, 1, message("too_deep", depth=MAX_DEPTH))]) from None
    if builder.problems and not lenient:
        raise InputError(builder.problems)
    return Document(file, data, builder.positions, builder.key_positions, tuple(builder.flagged))


def load_document(path: Path | str, display: str | None = None, *, lenient: bool = False, trusted: bool = False
                  ) -> Document:
    path = Path(path)
    name = display or str(path)
    return parse_yaml(read_text(path, name), name, lenient=lenient, trusted=trusted)


def is_within(path: str, ancestors: Iterable[str]) -> bool:
    """Whether the formatted ``path`` is one of ``ancestors`` or lies inside one of them."""
    return any(path == a or not a or path.startswith((f"{a}.", f"{a}[")) for a in ancestors)


def check_document(doc: Document, model: type[pydantic.BaseModel]) -> tuple[Any, list[Problem]]:
    """Validate a (leniently parsed) document: ``(model instance or None, every problem of the file)``.

    Validation problems inside a value that already has a reading problem are left out: they are
    consequences of it (a value with a refused tag, for instance, is missing).
    """
    import pydantic

    problems = [p for _, p in doc.issues]
    flagged = [format_path(path) for path, _ in doc.issues]
    try:
        spec = model.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        found = validation_problems(doc, exc, model)
        problems.extend(p for p in found if not is_within(p.field, flagged))
        return None, problems
    return (None if problems else spec), problems


def validation_problems(
    doc: Document, error: pydantic.ValidationError, model: type[pydantic.BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into located problems with allowed values and suggestions."""
    problems = []
    union_seen: set[PathKey] = set()
    for err in error.errors(include_url=False):
        loc: PathKey = tuple(p for p in err["loc"] if not _is_model_tag(p))
        unknown = err["type"] == "extra_forbidden"
        if len(loc) != len(err["loc"]) and not unknown:
            if loc in union_seen:  # one message per value that fits none of a union's members
                continue
            union_seen.add(loc)
        allowed = _fields_at(model, loc[:-1]) if unknown else ()
        if err["type"] == "tsp":  # a check across fields: point at the field it names
            first = str(err.get("ctx", {}).get("field", ""))
            if first in _fields_at(model, loc):
                loc = (*loc, first)
        problems.append(doc.problem(loc, _message(err, loc, allowed), at_key=unknown))
    return problems


def _fields_at(model: Any, loc: PathKey) -> tuple[str, ...]:
    """The field names of the model found by walking ``loc`` from ``model`` (empty if none)."""
    import pydantic
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return ()
    current = _unwrap(current, None)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return tuple(f.alias or name for name, f in current.model_fields.items())  # as written: 'from'
    return ()


def _bare(tp: Any) -> Any:
    """``tp`` without ``Annotated`` (a tagged union's members are annotated with their tags)."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _unwrap(tp: Any, part: str | int | None) -> Any:
    """Step from type ``tp`` into ``part`` (a field name or list index); None steps through wrappers."""
    import pydantic
    for _ in range(8):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [_bare(a) for a in typing.get_args(tp) if a is not type(None)]
            lists = [m for m in members if typing.get_origin(m) is list]
            models = [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
            tp = lists[0] if lists and isinstance(part, int) else models[0] if models else members[0]
        elif origin is list and isinstance(part, int):
            return typing.get_args(tp)[0]
        elif origin is dict and isinstance(part, str):
            return typing.get_args(tp)[1]
        else:
            break
    if part is None:
        return tp
    if isinstance(part, str) and isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        field = tp.model_fields.get(part) or next(
            (f for f in tp.model_fields.values() if f.alias == part), None)
        return field.annotation if field else None
    return None


def _patterns() -> dict[str, tuple[str, str]]:
    """The error template for each pattern of the models, and how to suggest a fix ("slug", "ident" or none)."""
    from tsp_rules.documents.spec_base import IDENT, OBLIGATION_ID, SLUG

    return {
        SLUG: ("pattern_slug", "slug"),
        IDENT: ("pattern_ident", "ident"),
        OBLIGATION_ID: ("pattern_obligation", ""),
        r"^\d+\.\d+\.\d+$": ("pattern_version", ""),
        r"^\d{2}-\d{2}$": ("pattern_month_day", ""),
    }


_FOLD = str.maketrans("åäöéü", "aaoeu")


def _suggest(text: str, style: str) -> Text | str:
    if not style:
        return ""
    folded = text.lower().translate(_FOLD)
    sep = "-" if style == "slug" else "_"
    words = re.findall(r"[a-z0-9]+", folded)
    candidate = sep.join(words)
    if style == "ident" and candidate[:1].isdigit():
        return ""
    return message("perhaps", candidate=candidate) if candidate and candidate != text else ""


def _is_model_tag(part: Any) -> bool:
    # pydantic adds union/tagged members to loc, e.g. 'function-after[...]' or a class name
    return isinstance(part, str) and ("[" in part or (part[:1].isupper() and part.endswith("Spec")))


_TYPE_CODES = {
    "string_type": "want_text", "int_type": "want_int", "bool_type": "want_bool", "list_type": "want_list",
    "dict_type": "want_mapping", "model_type": "want_mapping", "model_attributes_type": "want_mapping",
    "int_from_float": "want_int", "float_type": "want_int",
}


def _message(err: Mapping[str, Any], loc: PathKey, allowed: Sequence[str] = ()) -> Text:
    """pydantic's error in the project's words, in both languages (never a class name of the models)."""
    kind = err["type"]
    names = [p for p in loc if isinstance(p, str)]
    name = q(names[-1] if names else "")
    ctx = err.get("ctx", {}) or {}
    got = err.get("input")
    if kind == "extra_forbidden":
        extra = str(loc[-1]) if loc else ""
        items: Text | str = message("allowed_fields", items=listing(sorted(allowed))) if allowed else ""
        return message("unknown_field", name=q(extra), hint=hint(extra, allowed), listing=items)
    if kind == "missing":
        return message("missing_field", name=name)
    if kind == "tsp":
        values = {k: v for k, v in ctx.items() if k not in ("code", "field")}
        return message(str(ctx["code"]), name=name, **values)
    if kind in _TYPE_CODES:
        return message(_TYPE_CODES[kind], name=name, got=shown(got))
    if kind == "string_too_short":
        return message("too_short_text", name=name)
    if kind == "string_too_long":
        return message("too_long_text", name=name, limit=ctx.get("max_length"),
                       length=len(got) if isinstance(got, str) else "?")
    if kind == "too_short":
        return message("too_few_items", name=name, limit=ctx.get("min_length", 1))
    if kind in ("greater_than_equal", "greater_than"):
        return message("too_small", name=name, limit=ctx.get("ge", ctx.get("gt")), got=got)
    if kind in ("less_than_equal", "less_than"):
        return message("too_big", name=name, limit=ctx.get("le", ctx.get("lt")), got=got)
    if kind == "string_pattern_mismatch" and isinstance(got, str):
        code, example = _patterns().get(str(ctx.get("pattern", "")), ("pattern", ""))
        return message(code, name=name, got=q_short(got), suggestion=_suggest(got, example))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
        choices = [c for c in choices if c]
        return message("one_of", name=name, items=listing(choices), got=shown(got), hint=hint(got, choices))
    detail = str(err.get("msg", ""))
    return message("invalid_generic", name=name, got=shown(got), detail=detail)
