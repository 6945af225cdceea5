"""``ceasefire bench --json`` prints the figures the issue names; ingest checks its engine options."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ceasefire.cli import app


def test_bench_json_has_the_figures(mixed_corpus: Path):
    result = CliRunner().invoke(app, ["bench", str(mixed_corpus), "--limit", "4", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:5] == ["articles", "pipeline_docs_per_s", "spacy_docs_per_s", "ratio", "peak_rss_mb"]
    assert data["articles"] == 4 and data["pipeline_docs_per_s"] > 0 and data["spacy_docs_per_s"] > 0
    assert abs(data["ratio"] - data["pipeline_docs_per_s"] / data["spacy_docs_per_s"]) < 0.01
    assert 100 < data["peak_rss_mb"] < 4000
    assert data["pipeline_words_per_s"] > 0 and data["added"] + data["already"] + data["seen"] == 4


def test_ingest_engine_options_are_checked(mixed_corpus: Path, tmp_path: Path):
    runner = CliRunner()
    bad = runner.invoke(app, ["ingest", str(mixed_corpus), "--db", str(tmp_path / "x.db"), "--engine", "spark"])
    assert bad.exit_code == 2 and "choose local or dask" in bad.output
    local = runner.invoke(app, ["ingest", str(mixed_corpus), "--db", str(tmp_path / "x.db"), "--workers", "2"])
    assert local.exit_code == 2 and "need --engine dask" in local.output
