"""Typed library errors (issue 23): every documented function, called with arguments of the wrong type or
value, raises only the errors docs/api.md documents (``UsageError`` for bad arguments, ``InputError`` for a
bad file), never a bare ``ValueError``, ``KeyError``, ``AttributeError`` or ``TypeError``; and a check never
walks more than it was given (``check('')`` is refused, a hidden folder or a virtual environment is skipped)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tsp_rules import TspError, UsageError, check, iter_check, load_profile, load_ruleset
from tsp_rules.model.profile import profile_from_text
from tsp_rules.renderers import render

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "fixtures" / "stockholm" / "miljo-och-halsoskyddsnamnden.yaml"
AS_OF = "2019-11-30"


@pytest.fixture(scope="module")
def report() -> Any:
    return check([ONE], "tsp-2018-2021", as_of=AS_OF, engine="python")


WRONG_LANGS: list[object] = ["de", "", "SV", 3, None.__class__, ["sv"]]

CALLS: dict[str, Callable[[Any, object], object]] = {
    "check(lang=)": lambda r, bad: check([ONE], "tsp-2018-2021", as_of=AS_OF, engine="python", lang=bad),
    "iter_check(lang=)": lambda r, bad: list(iter_check([ONE], "tsp-2018-2021", as_of=AS_OF, engine="python",
                                                        lang=bad)),
    "load_profile(lang=)": lambda r, bad: load_profile(ONE, lang=bad),  # type: ignore[arg-type]
    "load_ruleset(lang=)": lambda r, bad: load_ruleset("tsp-2018-2021", lang=bad),  # type: ignore[arg-type]
    "Finding.explanation": lambda r, bad: r.findings[0].explanation(bad),
    "Finding.to_data": lambda r, bad: r.findings[0].to_data(bad),
    "Reason.message": lambda r, bad: next(f for f in r.findings if f.reasons).reasons[0].message(bad),
    "Report.to_json": lambda r, bad: r.to_json(bad),
    "render": lambda r, bad: render(r, "text", bad),
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("bad", WRONG_LANGS, ids=repr)
def test_a_wrong_language_is_a_usage_error(report: Any, call: str, bad: object) -> None:
    with pytest.raises(UsageError):
        CALLS[call](report, bad)


@pytest.mark.parametrize(("call", "args"), [
    (load_profile, (ONE, "tsp-2018-2021")),
    (load_profile, (ONE, 42)),
    (load_profile, (b"x.yaml",)),
    (profile_from_text, (b"format: tsp-profile/1",)),
    (profile_from_text, ("format: tsp-profile/1", "p.yaml", "tsp-2018-2021")),
    (load_ruleset, (42,)),
    (load_ruleset, ("no-such-ruleset",)),
    (check, ("",)),
    (check, ([""],)),
    (check, ([ONE], 42)),
    (check, ([ONE],), ),
])
def test_wrong_arguments_raise_only_documented_errors(call: Callable[..., object], args: tuple[object, ...]) -> None:
    kwargs = {"as_of": "30 November 2019"} if call is check and len(args) == 1 and args[0] == [ONE] else {}
    with pytest.raises(TspError) as caught:
        call(*args, **kwargs)
    assert isinstance(caught.value, (UsageError, TspError))


def test_check_of_an_empty_path_does_not_walk_the_current_folder(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ONE, tmp_path / "a.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="empty path"):
        check("", "tsp-2018-2021", as_of=AS_OF, engine="python")


def test_hidden_folders_and_virtual_environments_are_not_walked(tmp_path: Path) -> None:
    shutil.copy(ONE, tmp_path / "a.yaml")
    for folder in (".venv", ".git", "env"):
        (tmp_path / folder / "lib").mkdir(parents=True)
        (tmp_path / folder / "lib" / "broken.yaml").write_text("{{ not a profile", encoding="utf-8")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    result = check([tmp_path], "tsp-2018-2021", as_of=AS_OF, engine="python")
    assert {f.profile for f in result.findings} == {"miljo-och-halsoskyddsnamnden"}
