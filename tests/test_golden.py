"""Golden-file tests: each seed's TEI, frozen after review against docs/encoding.md and the
corpus gold. Compared after canonicalisation (C14N 2.0), never as raw strings.
Run ``pytest --accept`` to rewrite them after an intended change, and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.convert import convert_file, volume_from_manifest
from pipeline.encode import serialize

from .conftest import SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden"


def canonical(data: bytes) -> str:
    return etree.canonicalize(data.decode("utf-8"))


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_matches_golden(seed: Path, request: pytest.FixtureRequest) -> None:
    _, tei = convert_file(seed, volume=volume_from_manifest(seed))
    data = serialize(tei)
    golden = GOLDEN / f"{seed.stem}.tei.xml"
    if request.config.getoption("--accept") or not golden.exists():
        golden.write_bytes(data)
        if not request.config.getoption("--accept"):
            pytest.fail(f"golden file {golden.name} was missing and has been written; review it")
    assert canonical(data) == canonical(golden.read_bytes())


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_every_page_marker_of_the_seed_becomes_a_pb_in_order(seed: Path) -> None:
    import re

    expected = re.findall(r"\[Page (\w+)\]", seed.read_text(encoding="utf-8"))
    _, tei = convert_file(seed)
    found = [pb.get("n") for pb in tei.iter("{http://www.tei-c.org/ns/1.0}pb")]
    assert found == expected
