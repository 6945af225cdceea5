"""Each reader on small files made here: what the documents hold."""
from __future__ import annotations

import json
from pathlib import Path

from ceasefire.ingest import read_paths
from ceasefire.records import RawDocument, Rejection

ARTICLE = ("Russia and Ukraine on Thursday failed to find a breakthrough on a ceasefire at the first "
           "high-level talks between the two sides.")


def read_all(*paths: Path, **kwargs) -> list[RawDocument | Rejection]:
    return list(read_paths(list(paths), **kwargs))


def test_text_file_is_one_document_with_bom_stripped_and_newlines_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle line\r\n\r\n" + ARTICLE.encode() + b"\rEnd.")
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == f"Title line\n\n{ARTICLE}\nEnd."
    assert doc.origin == str(path) and doc.source.path == str(path)
    assert doc.published is None and doc.source.title is None


def test_markdown_and_text_extensions_use_the_text_reader(tmp_path: Path) -> None:
    for name in ("b.md", "c.text", "D.TXT"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    docs = read_all(tmp_path)
    assert [type(d) for d in docs] == [RawDocument] * 3


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Talks in Antalya fail | World News</title>
<link rel="canonical" href="https://news.example.org/2022/03/10/antalya-talks">
<meta property="article:published_time" content="2022-03-10T14:05:00+00:00">
<script>var tracker = "SCRIPT TEXT MUST NOT APPEAR";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World menu entry</a></li></ul></nav>
<article><h1>Talks in Antalya fail</h1>
<p>ANTALYA, Turkey — Russia and Ukraine on Thursday failed to find a breakthrough on a ceasefire.</p>
<p>Foreign Minister Sergei Lavrov and Dmytro Kuleba met in the Turkish resort city of Antalya.</p>
<p>Kuleba said no progress had been achieved on even a 24-hour ceasefire.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def test_html_reader_extracts_text_title_url_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument)
    assert "ANTALYA, Turkey — Russia and Ukraine on Thursday" in doc.text
    assert "Kuleba said no progress" in doc.text
    assert "SCRIPT TEXT" not in doc.text and "menu entry" not in doc.text and "Copyright" not in doc.text
    assert "\n\nForeign Minister" in doc.text  # paragraphs separated by a blank line
    assert doc.source.title == "Talks in Antalya fail"
    assert doc.source.url == "https://news.example.org/2022/03/10/antalya-talks"
    assert doc.published == "2022-03-10"


def test_html_page_without_article_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text('<html><head><title>x</title><script>var a = "words words words words words";</script></head>'
                    '<body><nav><a href="/">Home</a></nav></body></html>', encoding="utf-8")
    [rej] = read_all(path)
    assert isinstance(rej, Rejection) and rej.stage == "read"
    assert "no article text" in rej.reason


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    body = ("<html><head><meta charset='iso-8859-1'></head><body><article><p>Le ministre fran\xe7ais a "
            "d\xe9clar\xe9 que les n\xe9gociations continueraient \xe0 Gen\xe8ve la semaine prochaine.</p>"
            "</article></body></html>")
    path.write_bytes(body.encode("latin-1"))
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument)
    assert "français a déclaré" in doc.text


def test_jsonl_bad_lines_are_rejections_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": ARTICLE, "title": "Talks", "url": "https://ex.org/1", "published": "2022-03-10T10:00:00Z"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Second article text.\r\nWith a line.", "published": "next Thursday"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = read_all(path)
    kinds = [(type(o).__name__, o.origin if isinstance(o, RawDocument) else o.source) for o in out]
    assert kinds == [
        ("RawDocument", f"{path}:1"),
        ("Rejection", f"{path}:2"),
        ("Rejection", f"{path}:4"),
        ("Rejection", f"{path}:5"),
        ("Rejection", f"{path}:6"),
        ("Rejection", f"{path}:7"),
        ("RawDocument", f"{path}:8"),
    ]
    first, last = out[0], out[-1]
    assert first.source.title == "Talks" and first.source.url == "https://ex.org/1" and first.published == "2022-03-10"
    assert first.source.path == str(path)
    assert last.text == "Second article text.\nWith a line." and last.published is None  # unparseable: ignored
    assert "invalid JSON" in out[1].reason
    assert "not a JSON object" in out[2].reason
    assert "no 'text' field" in out[3].reason
    assert "empty 'text'" in out[4].reason


def test_jsonl_invalid_utf8_line_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    good = json.dumps({"text": ARTICLE}).encode() + b"\n"
    bad = b'{"text": "caf\xe9"}\n'
    path.write_bytes(good + bad + good)
    out = read_all(path)
    assert [type(o) for o in out] == [RawDocument, Rejection, RawDocument]
    assert out[1].source == f"{path}:2" and out[1].stage == "decode"
    assert f"invalid UTF-8 at byte {len(good) + 13}" in out[1].reason
    assert out[2].origin == f"{path}:3"


def test_csv_with_quoted_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_text(
        'title,text,published,url\r\n'
        '"Talks","First paragraph, with a comma.\r\n\r\nSecond ""quoted"" paragraph.",2022-03-10,https://ex.org/a\r\n'
        'Empty,,2022-03-11,\r\n'
        'Third,"One more article.",10 March 2022,\r\n',
        encoding="utf-8",
    )
    out = read_all(path)
    assert [type(o) for o in out] == [RawDocument, Rejection, RawDocument]
    first = out[0]
    assert first.text == 'First paragraph, with a comma.\n\nSecond "quoted" paragraph.'
    assert first.source.title == "Talks" and first.source.url == "https://ex.org/a"
    assert first.published == "2022-03-10" and first.origin == f"{path}:2"
    assert out[1].source == f"{path}:5" and "empty 'text'" in out[1].reason
    assert out[2].origin == f"{path}:6" and out[2].published == "2022-03-10"


def test_csv_without_text_column_is_rejected_naming_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("title,body\nA,B\n", encoding="utf-8")
    [rej] = read_all(path)
    assert isinstance(rej, Rejection) and "no 'text' column" in rej.reason and "title, body" in rej.reason


def test_csv_invalid_utf8_stops_the_file_with_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    head = b"text\nGood row one.\n"
    path.write_bytes(head + b"Bad \xff row\nNever read\n")
    out = read_all(path)
    assert [type(o) for o in out] == [RawDocument, Rejection]
    assert out[1].source == f"{path}:3" and f"invalid UTF-8 at byte {len(head) + 4}" in out[1].reason
