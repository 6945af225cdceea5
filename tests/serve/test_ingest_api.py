"""Writing through the API: the token, jobs in a worker thread, uploads kept in a temporary folder, size limits."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLES, TOKEN
from .test_api import error_of

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = (EXAMPLES / "001_2657d7bd166fc1ab.txt").read_text(encoding="utf-8")


def fresh_text(marker: str) -> str:
    # A new article (a new hash) that the analyser reads as the example it comes from.
    head, rest = TEXT.split("\n\n", 1)
    return f"{head}\n\nThis updated report ({marker}) was filed from Antalya on Thursday evening.\n\n{rest}"


def finished(client: Any, answer: Any) -> dict[str, Any]:
    """The job once done, however long the worker takes (the POST waits 30 s at most)."""
    assert answer.status_code in (200, 202), answer.text
    job_id = answer.json()["id"]
    assert client.app.state.jobs.get(job_id).done.wait(120)
    job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
    return job


def test_ingest_needs_the_operators_token(client: Any) -> None:
    body = {"text": fresh_text("no token")}
    assert error_of(client.post("/api/ingest", json=body), 401)["message"].startswith("a valid token")
    error_of(client.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}), 401)
    error_of(client.post("/api/ingest/files", files={"files": ("a.txt", b"x")}), 401)


def test_ingest_is_disabled_without_a_token(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.serve import create_app
    app = create_app(db_url)
    with TestClient(app) as c:
        assert "disabled" in error_of(c.post("/api/ingest", json={"text": "x"}, headers=AUTH), 403)["message"]
        assert c.get("/api/stats").json()["ingest"] is False


def test_pasted_article_is_analysed_and_its_events_returned(client: Any) -> None:
    body = {"text": fresh_text("pasted"), "title": "Pasted: Turkey offers talks", "published": "2022-03-09",
            "url": "https://example.org/pasted"}
    job = finished(client, client.post("/api/ingest", json=body, headers=AUTH, params={"wait": 30}))
    assert job["status"] == "done", job
    assert job["result"]["added"] == 1 and not job["result"]["rejected"]
    [article] = job["result"]["articles"]
    assert article["title"] == "Pasted: Turkey offers talks" and article["events"]
    stored = client.get(f"/api/articles/{article['id']}").json()
    assert stored["source"]["url"] == "https://example.org/pasted" and stored["published"] == "2022-03-09"
    for event_id in article["events"]:
        event = client.get(f"/api/events/{event_id}").json()
        assert article["id"] in {s["article_id"] for s in event["sources"]}
    assert client.get(f"/api/jobs/{job['id']}").json() == job
    # The search index follows (triggers): the new text is found at once.
    found = client.get("/api/search", params={"q": "updated report pasted", "kind": "articles"}).json()
    assert article["id"] in {a["article_id"] for a in found["articles"]["items"]}
    again = finished(client, client.post("/api/ingest", json=body, headers=AUTH, params={"wait": 30}))
    assert again["result"]["already"] == 1 and again["result"]["articles"][0]["id"] == article["id"]


def test_ingest_answers_202_at_once_and_the_job_can_be_polled(client: Any) -> None:
    answer = client.post("/api/ingest", json={"text": fresh_text("polled")}, headers=AUTH)
    assert answer.status_code == 202
    job = answer.json()
    assert job["status"] in ("queued", "running") and answer.headers["location"] == f"/api/jobs/{job['id']}"
    assert client.app.state.jobs.get(job["id"]).done.wait(60)
    assert client.get(f"/api/jobs/{job['id']}").json()["status"] == "done"


def test_bad_pasted_input_is_refused(client: Any) -> None:
    error_of(client.post("/api/ingest", json={"text": ""}, headers=AUTH), 422)
    error_of(client.post("/api/ingest", json={"text": "x", "published": "2022-02-30"}, headers=AUTH), 422)
    error_of(client.post("/api/ingest", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}),
             422)
    job = finished(client, client.post("/api/ingest", json={"text": "   \x00  "}, headers=AUTH))
    assert job["status"] == "done" and job["result"]["added"] == 0
    assert [r["stage"] for r in job["result"]["rejected"]] == ["clean"]


def test_upload_never_writes_outside_its_temporary_folder(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ceasefire.serve import api

    made: list[Path] = []
    real = tempfile.mkdtemp

    def recording_mkdtemp(*args: Any, **kwargs: Any) -> str:
        made.append(Path(real(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(api.tempfile, "mkdtemp", recording_mkdtemp)
    escape = Path(tempfile.gettempdir()) / f"ceasefire-escape-{os.getpid()}.txt"
    names = [f"../../../../..{escape}", "..\\..\\windows\\evil.txt", "/etc/passwd.txt", "notes.exe"]
    files = [("files", (name, fresh_text(f"upload {i}").encode(), "text/plain")) for i, name in enumerate(names)]
    answer = client.post("/api/ingest/files", files=files, headers=AUTH, params={"wait": 30})
    result = finished(client, answer)["result"]
    assert not escape.exists() and not Path("/etc/passwd.txt").exists()
    assert [r["source"] for r in result["rejected"]] == ["notes.exe"]
    assert result["added"] == 3
    paths = {client.get(f"/api/articles/{a['id']}").json()["source"]["path"] for a in result["articles"]}
    assert paths == {escape.name, "evil.txt", "passwd.txt"}
    assert made and all(not d.exists() for d in made), "the job removes its folder"


def test_request_size_is_limited(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.serve import create_app
    app = create_app(db_url, token=TOKEN, max_body=2_000)
    with TestClient(app) as c:
        big = {"text": "word " * 1_000}
        assert "larger than 2000 bytes" in error_of(c.post("/api/ingest", json=big, headers=AUTH), 413)["message"]

        def chunks() -> Any:  # no Content-Length: counted as it streams in
            for _ in range(10):
                yield b"x" * 500

        error_of(c.post("/api/ingest/files", content=chunks(),
                        headers={**AUTH, "Content-Type": "multipart/form-data; boundary=b"}), 413)
        assert c.get("/api/health").status_code == 200


def test_unknown_hosts_are_refused_when_hosts_are_given(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.serve import create_app
    app = create_app(db_url, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"Host": "attacker.example"}).status_code == 400


def test_serve_refuses_a_remote_host_without_allow_remote() -> None:
    from typer.testing import CliRunner

    from ceasefire.cli import app
    from ceasefire.serve.command import is_loopback
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", "unused.db"])
    assert result.exit_code == 2 and "--allow-remote" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")
