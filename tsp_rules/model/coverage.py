"""What a check with a ruleset covers on a date: what is checked, what was in force for the bodies but is not
encoded (and so not checked), and which sources were read only second-hand. A ruleset states it in its
``coverage`` block (docs/ruleset-format.md, "Coverage"), each entry with the dates it holds; a report carries
the entries that hold on its check date, and its heading says them in a sentence or two."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from tsp_rules.texts import Lang, Text, and_list, fill

KINDS: tuple[str, ...] = ("checked", "not_encoded", "second_hand")
"""The three lists of a coverage statement, in the order the sentence says them."""


@attrs.frozen
class CoverageItem:
    """One entry: a noun phrase (``checked``, ``not_encoded``) or a whole sentence (``second_hand``), the
    source it is about (an id of the ruleset's sources) and the check dates it holds for."""

    id: str
    text: Text
    source: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def to_data(self, lang: Lang) -> dict[str, Any]:
        return {"id": self.id, "text": self.text.get(lang), "source": self.source,
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None}


_COVERS = Text("Kontrollen omfattar {checked}.", "The check covers {checked}.")
_COVERS_NOT = Text("Kontrollen omfattar {checked}; den omfattar inte {not_encoded}.",
                   "The check covers {checked}; it does not cover {not_encoded}.")
_ONLY_NOT = Text("Kontrollen omfattar inte {not_encoded}.", "The check does not cover {not_encoded}.")
_NOTHING_SAID = Text("Regelverket anger inte vad kontrollen omfattar vid detta datum.",
                     "The ruleset does not state what the check covers on this date.")

LABEL = Text("Omfattning", "Coverage")
"""The word before the statement in a heading ('Omfattning: Kontrollen omfattar …')."""


def _joined(items: tuple[CoverageItem, ...], lang: Lang, negated: bool = False) -> str:
    """'a, b och c'; in English with the serial comma, and 'or' after a negation ('does not cover a, b, or c')."""
    texts = [i.text.get(lang) for i in items]
    if lang == "sv" or len(texts) < 2:
        return and_list(texts, lang)
    joiner = "or" if negated else "and"
    if len(texts) == 2:
        return f"{texts[0]} {joiner} {texts[1]}"
    return ", ".join(texts[:-1]) + f", {joiner} " + texts[-1]


@attrs.frozen
class Coverage:
    """The coverage statement of one ruleset on one check date (``Report.coverage``, one per ruleset)."""

    ruleset: str
    as_of: dt.date
    checked: tuple[CoverageItem, ...] = ()
    not_encoded: tuple[CoverageItem, ...] = ()
    second_hand: tuple[CoverageItem, ...] = ()

    @property
    def stated(self) -> bool:
        """Whether the ruleset states anything for this date."""
        return bool(self.checked or self.not_encoded or self.second_hand)

    def statement(self, lang: Lang) -> str:
        """The statement in one or two sentences: what is checked and what is not; then what was read only
        second-hand."""
        checked = _joined(self.checked, lang)
        missing = _joined(self.not_encoded, lang, negated=True)
        if checked and missing:
            first = fill(_COVERS_NOT, lang, checked=checked, not_encoded=missing)
        elif checked:
            first = fill(_COVERS, lang, checked=checked)
        elif missing:
            first = fill(_ONLY_NOT, lang, not_encoded=missing)
        else:
            first = "" if self.second_hand else _NOTHING_SAID.get(lang)
        return " ".join(x for x in [first, *(i.text.get(lang) for i in self.second_hand)] if x)

    def to_data(self, lang: Lang) -> dict[str, Any]:
        """The statement in the JSON report (each ruleset's ``coverage``)."""
        return {"statement": self.statement(lang),
                **{kind: [i.to_data(lang) for i in getattr(self, kind)] for kind in KINDS}}


@attrs.frozen
class RulesetCoverage:
    """A ruleset's ``coverage`` block: every entry with its dates."""

    checked: tuple[CoverageItem, ...] = ()
    not_encoded: tuple[CoverageItem, ...] = ()
    second_hand: tuple[CoverageItem, ...] = ()

    def on(self, ruleset_id: str, day: dt.date) -> Coverage:
        """The entries that hold on ``day``."""
        return Coverage(ruleset_id, day, *(tuple(i for i in getattr(self, kind) if i.holds_on(day))
                                           for kind in KINDS))
