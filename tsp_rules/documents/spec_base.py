"""What the pydantic models of the input formats share: the patterns of ids, the constrained string and date
types, the validation error worded from the message catalogue, and the strict base model. The models themselves
are in :mod:`tsp_rules.documents.profile_specs` (profiles: imported when a profile is validated) and
:mod:`tsp_rules.documents.specs` (rulesets: imported only when a ruleset is validated, so that a check whose
rulesets come from the cache does not create them).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

IDENT = r"^[a-z][a-z0-9_]*$"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
OBLIGATION_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"

FocusArea = Literal["ARB", "FO1", "FO2", "FO3", "FO4", "FO5", "KS",
                    # the statutory ruleset (lagkrav-kommun): areas of law
                    "BRF", "KRIS", "SSK", "CYB", "LSO", "AMV"]
BodyKind = Literal["facknamnd", "stadsdelsnamnd", "kommunstyrelse", "bolag"]
BODY_KINDS: tuple[str, ...] = ("facknamnd", "stadsdelsnamnd", "kommunstyrelse", "bolag")
CadenceKind = Literal["continuous", "monthly", "yearly", "t2", "term"]
BUILTIN_CADENCES: tuple[str, ...] = ("continuous", "monthly", "yearly", "t2", "term")
SourceKind = Literal["programme", "remiss", "law", "other"]
Provenance = Literal["programme", "remiss", "law", "interpretation"]
PROVENANCES: tuple[str, ...] = ("programme", "remiss", "law", "interpretation")


def invalid(code: str, field: str = "", **values: Any) -> PydanticCustomError:
    """A validation error worded by the template ``code`` of :data:`tsp_rules.errors.ERRORS` (in both
    languages when it is reported); ``field`` names the field a check across fields points at."""
    return PydanticCustomError("tsp", "{code}", {"code": code, "field": field, **values})


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            from tsp_rules.errors import q_short

            raise invalid("date_unreal", got=q_short(value)) from None
    from tsp_rules.errors import shown  # imported only for a bad value: dates are checked in every profile

    raise invalid("date_format", got=shown(value))


def _month_day(value: str) -> str:
    from tsp_rules.errors import q_short

    try:
        dt.date.fromisoformat(f"2000-{value}")  # a leap year, so 02-29 is allowed
    except ValueError:
        raise invalid("month_day_unreal", got=q_short(value)) from None
    return value


def fold_kind(value: Any) -> Any:
    """A profile's kind as written (any case, with å, ä, ö) folded to the kind's id; anything else as it is."""
    if isinstance(value, str):
        return value.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
MonthDay = Annotated[str, Field(pattern=r"^\d{2}-\d{2}$"), AfterValidator(_month_day)]
Ident = Annotated[str, Field(pattern=IDENT, max_length=64)]
Slug = Annotated[str, Field(pattern=SLUG, max_length=100)]
ObligationId = Annotated[str, Field(pattern=OBLIGATION_ID, max_length=80)]
NonEmpty = Annotated[str, Field(min_length=1, max_length=10_000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
