"""The cache of compiled bundled rulesets (``tsp_rules.model.ruleset_cache``, docs/cli.md "Cache"): where it is,
what it keys on, that a hit, a miss and the cache switched off give byte-identical reports, and that anything
wrong with it (a corrupt file, another key, a foreign or group-writable folder, a folder that cannot be made)
falls back to compiling without a word. conftest.py points the whole session at a folder of its own."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules.commands.cli import main
from tsp_rules.documents.loading import Document
from tsp_rules.errors import RulesetError
from tsp_rules.model import compiler, ruleset_cache
from tsp_rules.model.ruleset import Ruleset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
BUNDLED = compiler.bundled_rulesets()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own (not made yet), with the process's rulesets forgotten so that
    the next load reads the cache or compiles."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TSP_RULES_CACHE_DIR", str(folder))
    monkeypatch.delenv("TSP_RULES_CACHE", raising=False)
    monkeypatch.setattr(compiler, "_CACHE", {})
    yield folder


@pytest.fixture
def compilations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files of the rulesets compiled from here on (a cache hit compiles none)."""
    seen: list[str] = []
    real = compiler.compile_ruleset

    def counting(doc: Document) -> Ruleset:
        seen.append(doc.file)
        return real(doc)

    monkeypatch.setattr(compiler, "compile_ruleset", counting)
    return seen


def _load(name: str) -> Ruleset:
    compiler._CACHE.clear()  # the process's own memory of loaded rulesets, so the disk cache is asked again
    return compiler.load_ruleset(name)


def _entry(name: str) -> ruleset_cache.Entry:
    path = BUNDLED[name]
    found = ruleset_cache.entry(path, path.read_bytes())
    assert found is not None
    return found


def test_the_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("TSP_RULES_CACHE", "TSP_RULES_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert ruleset_cache.cache_folder() == tmp_path / "home" / ".cache" / "tsp-rules"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: only an absolute path counts
    assert ruleset_cache.cache_folder() == tmp_path / "home" / ".cache" / "tsp-rules"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ruleset_cache.cache_folder() == tmp_path / "xdg" / "tsp-rules"
    monkeypatch.setenv("TSP_RULES_CACHE_DIR", str(tmp_path / "own"))
    assert ruleset_cache.cache_folder() == tmp_path / "own"
    for off in ("off", "0", "no", "false", "OFF", " False "):
        monkeypatch.setenv("TSP_RULES_CACHE", off)
        assert ruleset_cache.cache_folder() is None, off
    monkeypatch.setenv("TSP_RULES_CACHE", "on")
    assert ruleset_cache.cache_folder() == tmp_path / "own"


def test_a_miss_writes_and_a_hit_reads_an_equal_ruleset(cache: Path, compilations: list[str]) -> None:
    for name, path in BUNDLED.items():
        compiled = _load(name)
        assert compilations == [str(path)]
        found = _entry(name)
        assert found.file.parent == cache and found.file.is_file()
        assert found.file.read_bytes().startswith(found.header)
        if hasattr(os, "getuid"):
            assert cache.stat().st_mode & 0o777 == 0o700 and found.file.stat().st_mode & 0o777 == 0o600
        hit = _load(name)
        assert compilations == [str(path)], "a hit compiles nothing"
        assert hit is not compiled and hit == compiled
        assert (hit.digest, hit.file, hit.id) == (compiled.digest, compiled.file, compiled.id)
        compilations.clear()
    assert sorted(p.name for p in cache.iterdir()) == sorted(_entry(n).file.name for n in BUNDLED)  # no leftovers


FORMATS = ("text", "json", "markdown", "csv", "junit", "html", "xlsx")


def _reports(out: Path) -> dict[str, bytes]:
    out.mkdir()
    found = {}
    for fixture, day in (("stockholm", "2019-11-30"), ("exempelkommun", "2026-06-01")):
        for fmt in FORMATS:
            compiler._CACHE.clear()
            target = out / f"{fixture}.{fmt}"
            result = CliRunner().invoke(main, ["check", str(FIXTURES / fixture), "--as-of", day, "--format", fmt,
                                               "-o", str(target), "--lang", "en" if fmt == "markdown" else "sv"])
            assert result.exit_code == 1, result.output
            found[target.name] = target.read_bytes()
            found[f"{target.name} (printed)"] = result.stdout.encode() + result.stderr.encode()
    return found


def test_reports_are_byte_identical_with_a_cold_cache_a_warm_one_and_none(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compilations: list[str]) -> None:
    cold = _reports(tmp_path / "cold")
    assert compilations and len({_entry(n).file for n in BUNDLED}) == len(BUNDLED)
    compilations.clear()
    warm = _reports(tmp_path / "warm")
    assert compilations == []
    monkeypatch.setenv("TSP_RULES_CACHE", "off")
    off = _reports(tmp_path / "off")
    assert len(compilations) >= len(FORMATS) * 2
    assert cold.keys() == warm.keys() == off.keys()
    for name in cold:
        assert cold[name] == warm[name] == off[name], name


def test_nothing_is_read_or_written_when_it_is_off(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                    compilations: list[str]) -> None:
    _load("tsp-2018-2021")  # a good entry, which the runs below must not read
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    for off in ("off", "0", "no", "false"):
        monkeypatch.setenv("TSP_RULES_CACHE", off)
        compilations.clear()
        for name in BUNDLED:
            _load(name)
        assert len(compilations) == len(BUNDLED), off
        assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


def test_a_corrupt_file_is_ignored_and_replaced(cache: Path, compilations: list[str]) -> None:
    good = _load("lagkrav-kommun")
    found = _entry("lagkrav-kommun")
    for damage in (found.header + b"not a pickle", found.header, b"", found.file.read_bytes()[:-100],
                   found.header + pickle.dumps({"not": "a ruleset"})):
        found.file.write_bytes(damage)
        compilations.clear()
        assert _load("lagkrav-kommun") == good
        assert len(compilations) == 1
        assert found.file.read_bytes().startswith(found.header) and found.file.stat().st_size > 10_000
        compilations.clear()
        assert _load("lagkrav-kommun") == good and compilations == []  # replaced by a good one


def test_a_file_of_another_key_is_not_unpickled(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                compilations: list[str]) -> None:
    _load("tsp-2018-2021")
    monkeypatch.setattr(ruleset_cache, "code_fingerprint", lambda: "the code changed")
    changed = _entry("tsp-2018-2021")
    assert changed.file.is_file() and not changed.file.read_bytes().startswith(changed.header)

    def refuse(data: bytes) -> object:
        raise AssertionError("a file of another key was unpickled")

    with monkeypatch.context() as watched:
        watched.setattr(pickle, "loads", refuse)
        compilations.clear()
        _load("tsp-2018-2021")
    assert len(compilations) == 1
    assert changed.file.read_bytes().startswith(changed.header)  # the stale entry was replaced


def test_the_key_holds_the_files_bytes_the_version_the_interpreter_and_the_code(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = BUNDLED["tsp-2018-2021"]
    raw = path.read_bytes()
    first = ruleset_cache.entry(path, raw)
    assert first is not None and ruleset_cache.entry(path, raw).header == first.header  # type: ignore[union-attr]
    assert sys.implementation.cache_tag in first.file.name
    headers = {first.header}
    headers.add(ruleset_cache.entry(path, raw + b"\n").header)  # type: ignore[union-attr]
    monkeypatch.setattr("tsp_rules.version.installed_version", lambda: "99.0.0")
    headers.add(ruleset_cache.entry(path, raw).header)  # type: ignore[union-attr]
    monkeypatch.setattr(ruleset_cache, "code_fingerprint", lambda: "other code")
    headers.add(ruleset_cache.entry(path, raw).header)  # type: ignore[union-attr]
    monkeypatch.setattr(ruleset_cache, "FORMAT", 99)
    headers.add(ruleset_cache.entry(path, raw).header)  # type: ignore[union-attr]
    monkeypatch.setattr(sys.implementation, "cache_tag", "other-99")
    headers.add(ruleset_cache.entry(path, raw).header)  # type: ignore[union-attr]
    assert len(headers) == 6


def test_the_code_fingerprint_changes_with_any_python_file(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "b.py").write_text("y = 2\n")
    first = ruleset_cache.fingerprint(package)
    (package / "sub" / "__pycache__" / "b.cpython-311.pyc").write_bytes(b"bytecode")
    (package / "notes.txt").write_text("not code")
    assert ruleset_cache.fingerprint(package) == first
    (package / "sub" / "b.py").write_text("y = 22\n")
    second = ruleset_cache.fingerprint(package)
    assert second != first
    os.utime(package / "a.py", ns=(1, 1))
    assert ruleset_cache.fingerprint(package) not in (first, second)
    assert ruleset_cache.code_fingerprint() == ruleset_cache.fingerprint(ROOT / "tsp_rules")


def test_a_foreign_or_group_writable_folder_is_neither_read_nor_written(
        cache: Path, monkeypatch: pytest.MonkeyPatch, compilations: list[str]) -> None:
    if not hasattr(os, "getuid"):
        pytest.skip("no user ids here")
    good = _load("tsp-2018-2021")
    found = _entry("tsp-2018-2021")
    kept = found.file.read_bytes()
    # another user's folder (as seen from here)
    with monkeypatch.context() as foreign:
        foreign.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)
        compilations.clear()
        assert _load("tsp-2018-2021") == good and len(compilations) == 1
    assert found.file.read_bytes() == kept
    # our folder, writable by the group or by anyone: the same
    for mode in (0o770, 0o707):
        cache.chmod(mode)
        found.file.write_bytes(b"left alone")
        compilations.clear()
        assert _load("tsp-2018-2021") == good and len(compilations) == 1
        assert found.file.read_bytes() == b"left alone", oct(mode)
    cache.chmod(0o700)
    # our folder, but a file that others may write to
    found.file.write_bytes(kept)
    found.file.chmod(0o666)
    compilations.clear()
    assert _load("tsp-2018-2021") == good and len(compilations) == 1
    assert found.file.stat().st_mode & 0o777 == 0o600  # replaced by our own


def test_a_folder_that_cannot_be_made_or_written_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            compilations: list[str]) -> None:
    monkeypatch.setattr(compiler, "_CACHE", {})
    monkeypatch.delenv("TSP_RULES_CACHE", raising=False)
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("TSP_RULES_CACHE_DIR", str(blocker / "cache"))
    good = _load("tsp-2018-2021")
    assert _load("tsp-2018-2021") == good and len(compilations) == 2
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root writes into a read-only folder anyway
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        monkeypatch.setenv("TSP_RULES_CACHE_DIR", str(locked))
        assert _load("tsp-2018-2021") == good
        assert list(locked.iterdir()) == []


def test_a_package_whose_files_cannot_be_listed_has_no_cache(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                              compilations: list[str]) -> None:
    def unlistable() -> str:
        raise NotADirectoryError("tsp_rules imported from a zip file")

    monkeypatch.setattr(ruleset_cache, "code_fingerprint", unlistable)
    assert _load("tsp-2018-2021") == _load("tsp-2018-2021") and len(compilations) == 2
    assert not cache.exists()


def test_nothing_is_written_for_a_ruleset_that_fails(cache: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bundled"
    folder.mkdir()
    text = BUNDLED["tsp-2018-2021"].read_text(encoding="utf-8")
    (folder / "broken.yaml").write_text(text.replace("obligations:", "obligationz:", 1), encoding="utf-8")
    monkeypatch.setattr(compiler, "bundled_folder", lambda: folder)
    monkeypatch.setattr(compiler, "bundled_rulesets", lambda: {"broken": folder / "broken.yaml"})
    with pytest.raises(RulesetError):
        compiler.load_ruleset("broken")
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_users_ruleset_file_is_not_cached(cache: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_bytes(BUNDLED["lagkrav-kommun"].read_bytes())
    assert compiler.load_ruleset(own) == compiler.load_ruleset("lagkrav-kommun")
    assert [p.name for p in cache.iterdir()] == [_entry("lagkrav-kommun").file.name]


def _command(cache: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = ("import sys, json\nfrom tsp_rules.commands.entry import main\n"
            f"sys.argv = ['tsp-check', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)\n")
    environment = {**os.environ, "TSP_RULES_CACHE_DIR": str(cache), **(env or {})}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env=environment)


def test_a_warm_check_creates_no_ruleset_model_and_prints_the_same(tmp_path: Path) -> None:
    """Issue 25: with both rulesets from the cache, ``tsp-check check`` of one file imports the profile models,
    not the ruleset models' module (``tsp_rules.documents.specs``), and prints what a cold run printed."""
    one = str(FIXTURES / "stockholm" / "aldrenamnden.yaml")
    runs = [_command(tmp_path / "cache", "check", one, "--as-of", "2019-11-30") for _ in range(2)]
    off = _command(tmp_path / "cache", "check", one, "--as-of", "2019-11-30", env={"TSP_RULES_CACHE": "off"})
    (cold_code, cold_modules), (warm_code, warm_modules), (off_code, off_modules) = (
        json.loads(r.stderr.strip().splitlines()[-1]) for r in (*runs, off))
    assert cold_code == warm_code == off_code == 0
    assert runs[0].stdout == runs[1].stdout == off.stdout and len(runs[0].stdout) > 1000
    assert "tsp_rules.documents.specs" in cold_modules and "tsp_rules.documents.specs" in off_modules
    assert "tsp_rules.documents.specs" not in warm_modules
    assert "tsp_rules.documents.profile_specs" in warm_modules
    assert len(list((tmp_path / "cache").iterdir())) == len(BUNDLED)


def test_an_entry_read_under_another_name_takes_that_name(cache: Path) -> None:
    """The same bytes at another place (the package moved, its code unchanged): the cached ruleset is named as
    the one compiled there would be."""
    good = _load("tsp-2018-2021")
    elsewhere = str(cache.parent / "moved" / "tsp-2018-2021.yaml")
    moved = ruleset_cache.read(_entry("tsp-2018-2021"), elsewhere)
    assert moved is not None and moved.file == elsewhere and good.file != elsewhere
    assert moved.obligations == good.obligations and moved.digest == good.digest
