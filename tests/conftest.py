"""Shared fixtures. ``--accept`` rewrites golden files (review the diff before committing)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CORPUS = ROOT / "tests" / "data" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--accept", action="store_true", help="rewrite golden files")


@pytest.fixture(autouse=True, scope="session")
def _private_schema_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Derived schemas go to a temporary cache, not the user's ~/.cache, during tests."""
    import os

    old = os.environ.get("TEIPIPE_CACHE_DIR")
    os.environ["TEIPIPE_CACHE_DIR"] = str(tmp_path_factory.mktemp("schema-cache"))
    yield
    if old is None:
        os.environ.pop("TEIPIPE_CACHE_DIR", None)
    else:
        os.environ["TEIPIPE_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    # a fixed conversion date keeps TEI output byte-stable (golden tests)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
