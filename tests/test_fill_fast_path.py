"""texts.fill parses each template once and fills it itself: the same text as string.Formatter with the
project's formatter (get_value, conversions, format_field) for every template and value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tsp_rules.texts import Text, _Formatter, fill

NAMES = ("n", "title", "date", "count", "as_of", "kinds")
SPECS = ("", "n", "d|dag|dagar", "w|gång|gånger", "s|år|år", ">4")
VALUES = st.one_of(st.integers(-20_000, 20_000), st.text(max_size=6),
                   st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
                   st.builds(Text, st.text(max_size=5), st.text(max_size=5)),
                   st.sampled_from(["2019-11-30", "2019-13-01", "x"]))


@st.composite
def templates(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        literal = draw(st.text(alphabet="ab }{åä.,", max_size=5)).replace("{", "{{").replace("}", "}}")
        parts.append(literal)
        if draw(st.booleans()):
            name = draw(st.sampled_from(NAMES))
            conversion = draw(st.sampled_from(["", "!s", "!r"]))
            spec = draw(st.sampled_from(SPECS))
            parts.append("{" + name + conversion + (":" + spec if spec else "") + "}")
    return "".join(parts)


def _outcome(f: Any) -> tuple[str, str]:
    try:
        return ("ok", f())
    except Exception as exc:  # the same kind of error either way
        return ("error", type(exc).__name__)


@given(templates(), st.dictionaries(st.sampled_from(NAMES), VALUES), st.sampled_from(["sv", "en"]))
def test_fill_is_what_the_formatter_gives(template: str, values: dict[str, Any], lang: str) -> None:
    fast = _outcome(lambda: fill(template, lang, **values))  # type: ignore[arg-type]
    slow = _outcome(lambda: _Formatter(lang).vformat(template, (), values))  # type: ignore[arg-type]
    assert fast == slow


def test_complex_fields_go_through_the_formatter() -> None:
    assert fill("{a[0]} {b.real} {c:{w}}", "sv", a=["x"], b=5, c="y", w=">3") == "x 5   y"
