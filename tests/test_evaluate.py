"""``teipipe evaluate`` against the corpus: the figures the brief sets as targets."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pipeline.cli import main

from .conftest import CORPUS


def test_evaluate_json_meets_the_targets() -> None:
    result = CliRunner().invoke(main, ["evaluate", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 40
    assert data["pb"]["recall"] == 1.0 and data["pb"]["precision"] == 1.0
    assert data["persName"]["recall"] >= 0.95
    assert data["persName"]["precision"] >= 0.95
    assert data["persName-identity"]["precision"] >= 0.95
    # one gold person → one teipipe id, whatever the FRUS volume called it
    mapping = data["persName-identity"]["mapping"]
    assert mapping["frus1981-88v03#p_DA_2"] == mapping["frus1969-76v12#p_DAF1"] \
        == "p_dobrynin_anatoly"


def test_evaluate_text_table() -> None:
    result = CliRunner().invoke(main, ["evaluate", str(CORPUS)])
    assert result.exit_code == 0
    assert "persName" in result.output and "recall" in result.output
