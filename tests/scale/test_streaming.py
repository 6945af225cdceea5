"""Large inputs are read record by record: memory does not grow with the file."""
from __future__ import annotations

import json
from pathlib import Path



def test_large_jsonl_is_streamed(tmp_path: Path, documents_read_at_peak):
    path = tmp_path / "big.jsonl"
    body = "Envoys met again in Doha on Monday to discuss a ceasefire. " * 160  # about 10 KB a line
    with path.open("w", encoding="utf-8") as fh:
        for i in range(2500):
            fh.write(json.dumps({"text": f"{body} Report {i}.", "url": f"https://news.example/{i}"}) + "\n")
    assert path.stat().st_size > 20_000_000
    count, peak = documents_read_at_peak(path)
    assert count == 2500
    assert peak < 2_000_000  # a few records' worth, not the 20 MB file
