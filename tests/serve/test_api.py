"""The HTTP API against a real SQLite file seeded by the real pipeline (conftest.py)."""
from __future__ import annotations

import re
from typing import Any

import pytest

from ceasefire.serve.pages import STATIC

from .conftest import add_tracked, corridor_article


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The one error shape: {"error": {"status", "code", "message", "details"}}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str)
    return body["error"]


def test_health_and_stats(client: Any) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}
    stats = client.get("/api/stats").json()
    assert stats["counts"]["articles"] >= 30
    assert stats["ingest"] is True


def test_timeline_pages_newest_first_and_totals_agree(client: Any) -> None:
    first = client.get("/api/timeline", params={"limit": 5}).json()
    second = client.get("/api/timeline", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(set(ids)) == 10
    days = [(e["date"] or {}).get("start") or e["first_reported"] for e in first["items"] + second["items"]]
    assert days == sorted(days, reverse=True)
    everything = client.get("/api/timeline", params={"limit": 200}).json()
    assert len(everything["items"]) == everything["total"]
    oldest = client.get("/api/timeline", params={"limit": 200, "order": "asc"}).json()
    assert [e["id"] for e in oldest["items"]] == [e["id"] for e in everything["items"]][::-1]


def test_timeline_filters(client: Any) -> None:
    talks = client.get("/api/timeline", params={"type": "talks", "limit": 200}).json()
    assert talks["total"] > 0 and {e["type"] for e in talks["items"]} == {"talks"}
    jeddah = client.get("/api/timeline", params={"place": "Jeddah", "limit": 200}).json()
    assert jeddah["total"] > 0 and all(e["place"]["name"] == "Jeddah" for e in jeddah["items"])
    lavrov = client.get("/api/timeline", params={"actor": "Lavrov", "limit": 200}).json()
    assert lavrov["total"] > 0
    assert all(any(p["actor"]["name"] == "Sergei Lavrov" for p in e["participants"]) for e in lavrov["items"])
    june = client.get("/api/timeline", params={"since": "2023-06-01", "until": "2023-06-30", "limit": 200}).json()
    assert 0 < june["total"] < talks["total"] + june["total"]
    for e in june["items"]:
        start = (e["date"] or {}).get("start") or e["first_reported"]
        assert start <= "2023-06-30"
    agreed = client.get("/api/timeline", params={"status": "agreed", "limit": 200}).json()
    assert all(e["status"] == "agreed" for e in agreed["items"])
    actor_id = lavrov["items"][0]["participants"][0]["actor"]["id"]
    by_id = client.get("/api/events", params={"actor_id": actor_id, "limit": 200}).json()
    assert by_id["total"] > 0


def test_bad_filters_answer_in_the_error_shape(client: Any) -> None:
    assert "since" in error_of(client.get("/api/timeline", params={"since": "2023-02-30"}), 422)["message"]
    details = error_of(client.get("/api/timeline", params={"type": "picnic"}), 422)["details"]
    assert details and details[0]["loc"][-1] == "type"
    error_of(client.get("/api/timeline", params={"limit": 0}), 422)
    error_of(client.get("/api/events/0"), 422)
    assert error_of(client.get("/api/events/999999"), 404)["code"] == "not_found"
    error_of(client.get("/api/actors/999999"), 404)
    error_of(client.get("/api/articles/" + "0" * 64), 404)
    error_of(client.get("/api/articles/not-an-id"), 422)
    error_of(client.get("/api/jobs/" + "0" * 32), 404)
    error_of(client.get("/api/no-such-thing"), 404)
    error_of(client.delete("/api/timeline"), 405)


def test_event_sources_carry_evidence_offsets_into_their_articles(client: Any) -> None:
    busiest = max(client.get("/api/timeline", params={"limit": 200}).json()["items"],
                  key=lambda e: e["source_count"])
    event = client.get(f"/api/events/{busiest['id']}").json()
    assert event["sources_total"] == len(event["sources"]) == busiest["source_count"] >= 2
    for source in event["sources"]:
        article = client.get(f"/api/articles/{source['article_id']}").json()
        assert source["events"], source
        for local in source["events"]:
            assert article["tracked"][local["local_id"]] == event["id"]
            for start, end in local["evidence"]:
                assert 0 <= start < end <= len(article["text"])
                assert article["text"][start:end].strip()
    assert event["status_history"] and event["status_history"][0]["stage"]


def test_articles_list_and_detail(client: Any) -> None:
    page = client.get("/api/articles", params={"limit": 3}).json()
    assert page["total"] >= 30 and len(page["items"]) == 3
    published = [a["published"] for a in page["items"]]
    assert published == sorted(published, reverse=True)
    article = client.get(f"/api/articles/{page['items'][0]['id']}").json()
    assert article["id"] == page["items"][0]["id"]
    assert article["text"] and article["events"] and article["actor_links"]
    ap = client.get("/api/articles", params={"outlet": "Associated Press", "limit": 50}).json()
    assert ap["total"] > 0 and {a["outlet"] for a in ap["items"]} == {"Associated Press"}


def test_actors_network_and_actor_page(client: Any) -> None:
    page = client.get("/api/actors", params={"limit": 5}).json()
    counts = [a["articles"] for a in page["items"]]
    assert counts == sorted(counts, reverse=True)
    found = client.get("/api/actors", params={"q": "guterres"}).json()
    assert [a["name"] for a in found["items"]] == ["Antonio Guterres"]
    states = client.get("/api/actors", params={"kind": "state", "limit": 200}).json()
    assert {a["kind"] for a in states["items"]} == {"state"}
    lavrov = client.get("/api/actors", params={"q": "Lavrov"}).json()["items"][0]
    detail = client.get(f"/api/actors/{lavrov['id']}").json()
    assert detail["name"] == "Sergei Lavrov"
    assert any("Foreign Minister" in t["title"] for t in detail["titles"])
    assert detail["events"]["total"] > 0 and detail["roles"]
    net = client.get("/api/network", params={"limit": 30}).json()
    ids = {n["id"] for n in net["nodes"]}
    assert len(ids) <= 30 and net["edges"]
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert {e["kind"] for e in net["edges"]} <= {"talks", "mediation"}
    assert lavrov["id"] in ids


def test_quotes(client: Any) -> None:
    page = client.get("/api/quotes", params={"limit": 10}).json()
    assert page["total"] > 10 and len(page["items"]) == 10
    spoken = next(q for q in page["items"] if q["speaker"])
    by_speaker = client.get("/api/quotes", params={"speaker_id": spoken["speaker"]["id"], "limit": 200}).json()
    assert {q["speaker"]["id"] for q in by_speaker["items"]} == {spoken["speaker"]["id"]}
    words = client.get("/api/quotes", params={"q": "ceasefire"}).json()
    assert words["total"] > 0 and all("ceasefire" in q["text"].lower() for q in words["items"])


def test_search_finds_words_and_highlights_them(client: Any) -> None:
    result = client.get("/api/search", params={"q": "Jeddah talks"}).json()
    articles = result["articles"]
    assert articles["total"] > 0
    for hit in articles["items"]:
        marked = " ".join(s["text"].lower() for s in hit["snippet"] if s["hit"])
        assert "jeddah" in marked or "talks" in marked
    phrase = client.get("/api/search", params={"q": '"humanitarian chief"', "kind": "articles"}).json()
    assert phrase["articles"]["total"] >= 1 and "quotes" not in phrase
    prefix = client.get("/api/search", params={"q": "negot*", "kind": "articles"}).json()
    assert prefix["articles"]["total"] > 0
    nothing = client.get("/api/search", params={"q": "zzzqqqxxx"}).json()
    assert nothing["articles"]["total"] == nothing["quotes"]["total"] == 0


@pytest.mark.parametrize("q", ['"', "NEAR(a b)", "a AND OR NOT", "*", "-", "col:x", "'; DROP TABLE articles; --",
                               "\x00", "ü ß 中文", "((((", "x" * 500])
def test_search_syntax_is_never_an_error(client: Any, q: str) -> None:
    assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/api/articles").json()["total"] >= 30


def test_map_places_and_corridors(client: Any) -> None:
    data = client.get("/api/map").json()
    assert data["places"]
    for place in data["places"]:
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
        assert place["total"] == sum(place["counts"].values())
    talks = client.get("/api/map", params={"type": "talks"}).json()
    assert all(set(p["counts"]) == {"talks"} for p in talks["places"])
    for corridor in data["corridors"]:
        assert corridor["origin"]["lat"] is not None and corridor["destination"]["lon"] is not None


def test_map_draws_corridors_from_origin_to_destination(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.serve import create_app
    app = create_app(db_url)
    add_tracked(app.state.store, corridor_article())
    with TestClient(app) as c:
        [line] = c.get("/api/map").json()["corridors"]
        assert (line["origin"]["name"], line["destination"]["name"]) == ("Mariupol", "Zaporizhzhia")
        assert line["status"] == "occurred" and line["destination"]["lat"] == 47.82289
        event = c.get(f"/api/events/{line['id']}").json()
        assert event["attributes"]["origin"]["name"] == "Mariupol"
        assert c.get("/api/map", params={"type": "talks"}).json()["corridors"] == []


def test_situation_and_briefing(client: Any) -> None:
    sit = client.get("/api/situation").json()
    assert sit["as_of"] and "tracks" in sit and "positions" in sit
    day = client.get("/api/briefing").json()
    assert day["days"] == 1 and day["since"] == day["as_of"] == sit["as_of"]
    assert len(day["chart"]["days"]) == 7 and day["chart"]["days"][-1] == day["as_of"]
    week = client.get("/api/briefing", params={"days": 7}).json()
    assert week["events_total"] >= day["events_total"] and week["events"]
    for series in week["chart"]["series"]:
        assert len(series["counts"]) == len(week["chart"]["days"])
    old = client.get("/api/briefing", params={"days": 7, "as_of": "2022-04-10"}).json()
    assert old["as_of"] == "2022-04-10" and old["articles"] >= 1


def test_openapi_document_and_no_remote_docs(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    for path in ("/api/timeline", "/api/events/{event_id}", "/api/search", "/api/actors", "/api/quotes",
                 "/api/articles", "/api/situation", "/api/ingest", "/api/ingest/files", "/api/jobs/{job_id}"):
        assert path in doc["paths"], path
    assert "ErrorResponse" in doc["components"]["schemas"]
    # Swagger UI would load scripts from a CDN: not served.
    assert client.get("/docs").status_code == 404


def test_security_headers_on_page_api_and_files(client: Any) -> None:
    for path in ("/", "/api/health", "/static/js/app.js", "/api/nothing"):
        csp = client.get(path).headers["content-security-policy"]
        script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert script.split()[1:] == ["'self'"], csp
        assert "unsafe-inline" not in csp
    page = client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # only <script src=...>
    assert not re.search(r"\son[a-z]+\s*=", page.text), "no inline event handlers"
    scripts = "".join(p.read_text() for p in STATIC.rglob("*.js") if "vendor" not in p.parts)
    assert "innerHTML" not in scripts and "insertAdjacentHTML" not in scripts and "eval(" not in scripts
