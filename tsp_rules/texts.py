"""Bilingual text and the small grammar every user-facing template shares (no other tsp_rules imports).

* :class:`Text`: a text in Swedish and English.
* :func:`fill`: ``str.format`` with two extensions of the format spec, so that templates agree in number:
  ``{n:d|1 dag|dagar}`` gives "1 dag" or "407 dagar" (digits), ``{n:w|ett krav|krav}`` gives "ett krav",
  "två krav" … "tolv krav", "13 krav" (words up to twelve, as Myndigheternas skrivregler recommend in
  running prose); ``{n:s|uppgiften|uppgifterna}`` gives the form only; ``{n:n}`` groups the digits. A
  value given as :class:`Text` is put in the template's language; an ISO date under a
  key named in :data:`DATE_KEYS` is written in words ("30 september 2019", "30 September 2019").
* :func:`organ`: the body-kind placeholders ``{organ}`` and ``{Organ}`` of ruleset texts.
* The language of error messages (:func:`error_language`), chosen before any file is read.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


@attrs.frozen
class Text:
    sv: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.sv

    @classmethod
    def of(cls, spec: Any) -> Text:
        """From a ``TextSpec`` (anything with ``sv`` and ``en``)."""
        return cls(sv=spec.sv, en=spec.en)

    def map(self, func: Any) -> Text:
        """The text with ``func(text, lang)`` applied in each language."""
        return Text(func(self.sv, "sv"), func(self.en, "en"))


def as_lang(value: Any) -> Lang:
    """``"en"`` or ``"sv"``; anything else is refused (a library call with ``lang="de"``)."""
    if value in LANGS:
        return value  # type: ignore[no-any-return]
    raise ValueError(f"lang must be 'sv' or 'en', got {value!r}")


# ------------------------------------------------------------------------------------------ numbers

NUMBER_WORDS: dict[Lang, tuple[str, ...]] = {
    "sv": ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve"),
}


def count(n: int, one: str, many: str, lang: Lang, words: bool = False) -> str:
    """``one`` (which carries its own number, e.g. "1 dag", "ett krav") when ``n`` is 1, else the number and
    ``many``; with ``words``, numbers up to twelve in words."""
    if n == 1:
        return one
    number = NUMBER_WORDS[lang][n] if words and 0 <= n <= 12 else _digits(n, lang)
    return f"{number} {many}" if many else number


def _digits(n: int, lang: Lang) -> str:
    """Thousands grouped: "10 001" in Swedish (a narrow no-break space), "10,001" in English."""
    return f"{n:,}".replace(",", "\u202f" if lang == "sv" else ",")


# -------------------------------------------------------------------------------------------- dates

MONTHS: dict[Lang, tuple[str, ...]] = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

DATE_KEYS = frozenset({"date", "oldest", "valid_until", "decided_on", "due", "term_start", "t2_date", "as_of",
                       "valid_from", "valid_to", "replaced_on", "merged_on"})
"""Template keys whose ISO date values are written in words."""


YEARS: dict[Lang, str] = {"sv": "år", "en": "years"}
"""A number of months that is whole years of two or more, with the format spec ``m|…``, is written in
years: "högst två år gammalt"."""


def date_words(day: dt.date | str, lang: Lang, year: bool = True) -> str:
    """'30 september 2019' / '30 September 2019' (without the year: '30 september')."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    out = f"{day.day} {MONTHS[lang][day.month - 1]}"
    return f"{out} {day.year}" if year else out


def month_day_words(month_day: str, lang: Lang) -> str:
    """A ruleset's 'MM-DD' parameter in words: '09-30' → '30 september'."""
    month, day = (int(x) for x in month_day.split("-"))
    return f"{day} {MONTHS[lang][month - 1]}"


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATES: dict[str, dict[str, str]] = {}
"""Per language, texts filled under a date key and what they are written as (an ISO date in words), kept."""

# ------------------------------------------------------------------------------------------ formatting


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def get_value(self, key: Any, args: Any, kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        if isinstance(value, Text):
            return value.get(self.lang)
        if key in DATE_KEYS and isinstance(value, (str, dt.date)) and (
                isinstance(value, dt.date) or _ISO.fullmatch(value)):
            return date_words(value, self.lang)
        return value

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec == "n" and isinstance(value, int):  # digits grouped by thousands
            return _digits(value, self.lang)
        if format_spec[:2] == "m|" and isinstance(value, int) and value >= 24 and value % 12 == 0:
            return count(value // 12, "", YEARS[self.lang], self.lang, words=True)  # "två år", not "24 månader"
        if format_spec[:2] in ("d|", "w|", "s|", "m|") and isinstance(value, int):
            _, one, many = format_spec.split("|", 2)
            if format_spec[0] == "s":  # the form only, no number
                return one if value == 1 else many
            return count(value, one, many, self.lang, words=format_spec[0] in "wm")
        return super().format_field(value, format_spec)


_FORMATTERS: dict[str, _Formatter] = {}
_CONVERSIONS: dict[str, Callable[[Any], str]] = {"s": str, "r": repr, "a": ascii}


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[tuple[str, str | None, str, str | None], ...] | None:
    """A template split once into (literal, field, format spec, conversion) parts, as
    :meth:`string.Formatter.parse` does; None for a template with a field that is not a plain name or a
    format spec holding a field (those go through :class:`string.Formatter` itself)."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None and (not field.isidentifier() or "{" in (spec or "")
                                  or conversion not in (None, "s", "r", "a")):
            return None
        parts.append((literal, field, spec or "", conversion))
    return tuple(parts)


def fill(template: Text | str, lang: Lang, /, **values: Any) -> str:
    """The template in ``lang`` with ``values`` filled in (see the module's docstring).

    A template is compiled once per language (:func:`compiled`); filling it then does what
    :class:`string.Formatter` does for plain field names (``get_value``, the conversion, ``format_field``)
    without its per-call parsing and recursion (a property test holds the two equal)."""
    return compiled(template.get(lang) if isinstance(template, Text) else template, lang)(values)


Filler = Callable[[Mapping[str, Any]], str]
"""A compiled template: the values of one fill in, the text out."""


@functools.lru_cache(maxsize=4096)
def compiled(text: str, lang: Lang) -> Filler:
    """``text`` compiled once into a function of the values: its literals are constants and each field a
    function chosen for its key, conversion and format spec when compiled (a Text value in ``lang``, an ISO
    date in words under a key of :data:`DATE_KEYS`), so that filling it calls no :class:`string.Formatter`
    method for a plain field. A template with a field that is not a plain name goes through the formatter."""
    formatter = _FORMATTERS.get(lang)
    if formatter is None:
        formatter = _FORMATTERS[lang] = _Formatter(lang)
    parts = _parsed(text)
    if parts is None:
        vformat = formatter.vformat
        return lambda values: vformat(text, (), values)
    env: dict[str, Any] = {}
    pieces = []
    for i, (literal, field, spec, conversion) in enumerate(parts):
        if literal:
            pieces.append(repr(literal))
        if field is not None:
            env[f"_f{i}"] = _field_filler(field, spec, conversion, lang, formatter)
            pieces.append(f"_f{i}(v[{field!r}])")
    if not pieces:
        return lambda values: ""
    code = "lambda v: " + (f"''.join(({', '.join(pieces)},))" if len(pieces) > 1 else f"'' + {pieces[0]}")
    return eval(code, env)  # type: ignore[no-any-return]  # the source is built above from repr()s and names


def _field_filler(field: str, spec: str, conversion: str | None, lang: Lang, formatter: _Formatter
                  ) -> Callable[[Any], str]:
    """One field of a compiled template: :meth:`_Formatter.get_value`, the conversion and
    :meth:`_Formatter.format_field`, the steps a field does not need left out."""
    attr = "en" if lang == "en" else "sv"
    if field not in DATE_KEYS and not conversion and not spec:  # the common case: a text or a number
        def plain(value: Any) -> str:
            if value.__class__ is str:
                return value
            if isinstance(value, Text):
                return getattr(value, attr)  # type: ignore[no-any-return]
            return format(value, "")
        return plain
    if field in DATE_KEYS and not conversion and not spec:  # an ISO date in words
        said = _DATES.setdefault(lang, {})

        def date(value: Any) -> str:
            if value.__class__ is str:  # the commonest: an ISO date, its words kept per language
                found = said.get(value)
                if found is None:
                    found = date_words(value, lang) if _ISO.fullmatch(value) else value
                    if len(said) >= 4096:
                        said.clear()
                    said[value] = found
                return found
            if isinstance(value, Text):
                return getattr(value, attr)  # type: ignore[no-any-return]
            if isinstance(value, (dt.date, str)):
                return date(str(value)) if isinstance(value, str) else date_words(value, lang)
            return format(value, "")
        return date
    if field not in DATE_KEYS and not conversion and spec[:2] in ("d|", "w|", "s|"):  # agreement in number
        _, one, many = spec.split("|", 2)
        form_only, words = spec[0] == "s", spec[0] == "w"
        get_value = formatter.get_value

        def counted(value: Any) -> str:
            if not isinstance(value, int):
                return formatter.format_field(get_value(field, (), {field: value}), spec)  # type: ignore[no-any-return]
            if form_only:
                return one if value == 1 else many
            return count(value, one, many, lang, words=words)
        return counted
    get_value = formatter.get_value
    format_field = formatter.format_field
    convert = _CONVERSIONS[conversion] if conversion else None

    def general(value: Any) -> str:
        value = get_value(field, (), {field: value})
        if convert is not None:
            value = convert(value)
        return format_field(value, spec)  # type: ignore[no-any-return]
    return general


def fill_both(template: Text, /, **values: Any) -> Text:
    return Text(fill(template, "sv", **values), fill(template, "en", **values))


def and_list(items: Sequence[str], lang: Lang) -> str:
    """'a, b och c' / 'a, b and c' (one item alone; none: an empty text)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" och " if lang == "sv" else " and ") + items[-1]


def quote(text: str, lang: Lang) -> str:
    """Quotation marks of the language: ”…” in Swedish, “…” in English."""
    return f"”{text}”" if lang == "sv" else f"“{text}”"


def code_quote(text: str, lang: Lang) -> str:
    """A name or value from an input file in an error message: ”…” in Swedish, '…' in English."""
    return f"”{text}”" if lang == "sv" else f"'{text}'"


# ---------------------------------------------------------------------------------------- body kinds

ORGAN: dict[str, Text] = {
    "facknamnd": Text("nämnden", "the committee"),
    "stadsdelsnamnd": Text("nämnden", "the committee"),
    "kommunstyrelse": Text("styrelsen", "the board"),
    "bolag": Text("bolaget", "the company"),
}
ORGAN_NEUTRAL = Text("nämnden eller bolaget", "the committee or company")
"""Where no body is known (documentation, ``explain``)."""


@functools.lru_cache(maxsize=8192)
def organ(text: Text, kind: str | None = None) -> Text:
    """``text`` with ``{organ}``/``{Organ}`` replaced by the body's kind ("nämnden", "styrelsen", "bolaget";
    "the committee", …), or the neutral form without a kind. No other braces are touched. The same text
    object comes back for the same text and kind (findings of many bodies share it)."""
    if "rgan}" not in text.sv and "rgan}" not in text.en:
        return text
    word = ORGAN.get(kind or "", ORGAN_NEUTRAL)

    def one(s: str, lang: Lang) -> str:
        if "rgan}" not in s:
            return s
        w = word.get(lang)
        return s.replace("{organ}", w).replace("{Organ}", w[:1].upper() + w[1:])

    return text.map(one)


# ------------------------------------------------------------------------------------ error language

_ERROR_LANG: contextvars.ContextVar[Lang] = contextvars.ContextVar("tsp_error_lang", default="sv")


def current_error_language() -> Lang:
    return _ERROR_LANG.get()


@contextlib.contextmanager
def error_language(lang: Lang | None) -> Iterator[None]:
    """Errors raised inside are worded in ``lang`` (None: keep the current one; the default is Swedish)."""
    if lang is None:
        yield
        return
    token = _ERROR_LANG.set(as_lang(lang))
    try:
        yield
    finally:
        _ERROR_LANG.reset(token)


# --------------------------------------------------------------------------------- values in errors

MAX_SHOWN = 80
"""Characters of a value shown in an error message; a longer value is shortened."""


def show(value: Any, lang: Lang) -> str:
    """A value from an input file as an error message names it, saying what kind of value it is."""
    sv = lang == "sv"
    if value is None:
        return "inget värde" if sv else "no value"
    if isinstance(value, bool):
        return ("ja-värdet" if value else "nej-värdet") if sv else ("the value true" if value else "the value false")
    if isinstance(value, int):
        return f"talet {value}" if sv else f"the number {value}"
    if isinstance(value, float):
        return f"decimaltalet {value}" if sv else f"the decimal number {value}"
    if isinstance(value, str):
        return ("texten " if sv else "the text ") + code_quote(shorten(value, lang), lang)
    if isinstance(value, list):
        return "en lista" if sv else "a list"
    if isinstance(value, dict):
        return "en mappning" if sv else "a mapping"
    return shorten(repr(value), lang)


def shorten(text: str, lang: Lang, limit: int = MAX_SHOWN) -> str:
    if len(text) <= limit:
        return text
    total = _digits(len(text), lang)
    return f"{text[:limit]}… ({total} {'tecken' if lang == 'sv' else 'characters'})"


def names(items: Any, lang: Lang, joiner: str = ", ") -> str:
    """Values as a quoted list: ”a”, ”b”."""
    return joiner.join(quote(str(i), lang) for i in items)
