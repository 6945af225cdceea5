"""The public API of ingest and clean is small and explicit."""
from __future__ import annotations

import ceasefire.clean as clean
import ceasefire.ingest as ingest


def test_public_names() -> None:
    assert sorted(ingest.__all__) == ["DEFAULT_MAX_BYTES", "READERS", "accepted_extensions", "count_inputs",
                                      "read_paths"]
    assert sorted(clean.__all__) == ["Cleaned", "Dateline", "clean_document", "find_dateline", "infer_published",
                                     "remove_boilerplate"]
    for module in (ingest, clean):
        for name in module.__all__:
            assert hasattr(module, name)
    assert ingest.DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    assert ingest.accepted_extensions() == [".csv", ".htm", ".html", ".jsonl", ".md", ".ndjson", ".text", ".txt", ".warc", ".warc.gz"]
