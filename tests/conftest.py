"""Shared test configuration: hypothesis profiles, the cache folder of the session, and common fixtures.

``ci`` (the default) keeps the suite within a few minutes; ``dev`` explores much further:
``HYPOTHESIS_PROFILE=dev python -m pytest``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tsp_rules import Ruleset, load_ruleset
from tsp_rules.texts import error_language

from .cdp import Browser

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The cache of compiled rulesets (docs/cli.md, "Cache") goes to a folder of this session's own, for the whole
# session and every process it starts, never to the user's ~/.cache; ``TSP_RULES_CACHE=off`` runs the suite
# without it. Set here, before any test module is imported (a module may load a ruleset when imported).
SESSION_CACHE = tempfile.mkdtemp(prefix="tsp-rules-test-cache-")
os.environ["TSP_RULES_CACHE_DIR"] = SESSION_CACHE
atexit.register(shutil.rmtree, SESSION_CACHE, True)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
RULESETS = ROOT / "rulesets"


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset(RULESETS / "tsp-2018-2021.yaml")


@pytest.fixture(autouse=True)
def _library_errors_in_english() -> object:
    """Tests of the library read error messages in English, the language they were written against. The
    default (Swedish) is tested in tests/test_language.py, and the command line chooses its own language
    (``--lang``, default Swedish) whatever this sets."""
    with error_language("en"):
        yield


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Headless Chromium over the DevTools protocol (tests/cdp.py), one per test module that asks for it."""
    chrome = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chrome
    finally:
        chrome.close()
