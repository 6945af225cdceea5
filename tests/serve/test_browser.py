"""End to end in a real headless Chromium (Debian's, driven by Playwright) against uvicorn on 127.0.0.1.

Screenshots go to test-artifacts/ (gitignored). Every test also fails on any
console error or uncaught exception in the page: a Content-Security-Policy
violation shows up there.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import EXAMPLES, TOKEN, LiveServer, add_tracked, corridor_article

EXAMPLE = (EXAMPLES / "000_1c9a86e49f4f39f5.txt").read_text(encoding="utf-8")
HOSTILE = (' <script>window.__pwned = "script"</script> <img src=x onerror="window.__pwned = \'img\'"> '
           '<a href="javascript:window.__pwned = \'link\'">read more</a> '
           '<svg onload="window.__pwned = \'svg\'"></svg> ')
STEP_MS = 20_000
INGEST_MS = 120_000


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    p = context.new_page()
    problems: list[str] = []
    p.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.dialogs = []  # type: ignore[attr-defined]
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield p
    context.close()
    assert not problems, problems


def ready(page: Any) -> None:
    """Wait until the view drawn for the current address is complete (not the one it replaces:
    a change of hash is handled after the URL has changed)."""
    page.wait_for_function(
        """h => { const v = document.querySelector("section.view");
                  return v !== null && v.dataset.hash === h && v.getAttribute("aria-busy") === "false"; }""",
        arg=page.evaluate("location.hash"), timeout=STEP_MS)


def shot(page: Any, artifacts: Path, name: str, full: bool = False) -> None:
    page.screenshot(path=str(artifacts / name), full_page=full)


def test_timeline_filter_then_event_with_highlighted_evidence(page: Any, artifacts: Path) -> None:
    page.goto("/")
    ready(page)
    assert page.locator("#timeline-list .event").count() > 10
    shot(page, artifacts, "01-timeline.png")

    page.select_option("#f-type", "talks")
    page.click(".filters button[type=submit]")
    page.wait_for_url(re.compile(r"#/timeline\?type=talks"))
    ready(page)
    badges = page.locator("#timeline-list .badge.type").all_inner_texts()
    assert badges and set(badges) == {"Talks"}
    assert page.locator(".summary").inner_text().startswith(f"{len(badges)} event")
    shot(page, artifacts, "02-timeline-talks.png")

    page.locator("#timeline-list .event-link").first.click()
    page.wait_for_url(re.compile(r"#/event/\d+"))
    ready(page)
    mark = page.locator(".source mark.evidence").first
    mark.wait_for(timeout=STEP_MS)
    assert len(mark.inner_text().strip()) > 20
    assert page.locator(".history-list li").count() >= 1
    shot(page, artifacts, "03-event.png", full=True)


def test_map_actors_search_and_briefing(page: Any, live_server: LiveServer, artifacts: Path) -> None:
    add_tracked(live_server.app.state.store, corridor_article())
    page.goto("/#/map")
    ready(page)
    page.wait_for_selector("#map[data-places]", timeout=STEP_MS)
    assert int(page.get_attribute("#map", "data-places")) > 5
    assert page.locator("#map path.leaflet-interactive").count() > 5  # the places' circles
    assert page.locator("#map path.corridor").count() == 1  # Mariupol → Zaporizhzhia
    assert page.locator("#map path").count() > 100  # the world outline, from the bundled TopoJSON
    shot(page, artifacts, "04-map.png")

    page.goto("/#/actors")
    ready(page)
    assert int(page.get_attribute("#network", "data-nodes")) > 3
    assert page.locator("#network canvas").count() > 0
    shot(page, artifacts, "05-actors.png")
    page.locator("table.actors a").first.click()
    page.wait_for_url(re.compile(r"#/actor/\d+"))
    ready(page)
    assert page.locator("h2", has_text="Titles").count() == 1
    assert page.locator(".view-actor .event").count() > 0
    shot(page, artifacts, "06-actor.png", full=True)

    page.fill("#search-form input[name=q]", "ceasefire")
    page.press("#search-form input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"#/search\?q=ceasefire"))
    ready(page)
    # The results arrive after the view is ready: wait for them, then count.
    page.locator(".results-articles mark.hit").first.wait_for(timeout=15000)
    page.locator(".results-quotes li").first.wait_for(timeout=15000)
    assert page.locator(".results-articles mark.hit").count() > 0
    assert page.locator(".results-quotes li").count() > 0
    shot(page, artifacts, "07-search.png")

    page.goto("/#/briefing?days=7")
    ready(page)
    assert page.evaluate("() => Boolean(window.Chart.getChart(document.getElementById('briefing-chart')))")
    assert page.locator(".brief .event").count() > 0
    shot(page, artifacts, "08-briefing.png", full=True)
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and not page.locator("button.print").is_visible()
    shot(page, artifacts, "09-briefing-print.png", full=True)


def test_ingest_pasted_article_and_see_its_events(page: Any, artifacts: Path) -> None:
    head, rest = EXAMPLE.split("\n\n", 1)
    text = f"{head}\n\nThis copy was pasted in the browser test on a quiet Thursday evening.\n\n{rest}"
    page.goto("/#/ingest")
    ready(page)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.fill("input[name=token]", TOKEN)
    page.fill("#paste-form textarea[name=text]", text)
    page.fill("#paste-form input[name=title]", "Pasted in the browser")
    page.fill("#paste-form input[name=published]", "2022-04-08")
    page.click("#paste-form button[type=submit]")
    page.wait_for_selector(".ingest-result .event", timeout=INGEST_MS)
    assert page.locator(".ingest-result .summary").inner_text().startswith("1 added")
    assert page.locator(".ingested-article h3").inner_text() == "Pasted in the browser"
    assert page.evaluate("() => window.__sameDocument") is True  # no reload
    shot(page, artifacts, "10-ingest-result.png", full=True)

    page.locator(".ingest-result .event-link").first.click()
    page.wait_for_url(re.compile(r"#/event/\d+"))
    ready(page)
    titles = page.locator(".source header .title").all_inner_texts()
    assert "Pasted in the browser" in titles
    page.locator(".source mark.evidence").first.wait_for(timeout=STEP_MS)
    shot(page, artifacts, "11-ingested-event.png", full=True)

    # Upload a file from the same page.
    other = (EXAMPLES / "001_2657d7bd166fc1ab.txt").read_text(encoding="utf-8")
    head, rest = other.split("\n\n", 1)
    upload = f"{head}\n\nThis copy was uploaded as a file in the browser test on Friday.\n\n{rest}"
    page.goto("/#/ingest")
    ready(page)
    page.set_input_files("#upload-form input[name=files]",
                         files=[{"name": "turkey-talks.txt", "mimeType": "text/plain", "buffer": upload.encode()}])
    before = page.locator(".ingest-result").count()  # the paste's result is still listed
    page.click("#upload-form button[type=submit]")
    page.wait_for_function(f"() => document.querySelectorAll('.ingest-result').length > {before}",
                           timeout=INGEST_MS)
    newest = page.locator(".ingest-result").first
    assert newest.locator(".summary").inner_text().startswith("1 added")
    assert newest.locator(".event").count() > 0
    shot(page, artifacts, "12-upload-result.png")


def _ingest_hostile(server: LiveServer) -> dict[str, Any]:
    text = EXAMPLE.replace("said Thursday he is", f"said Thursday{HOSTILE}he is", 1)
    body = {"text": text, "title": '<img src=x onerror="window.__pwned = \'title\'">Hostile <b>title</b>',
            "url": "javascript:window.__pwned = 'url'", "outlet": '<svg onload="window.__pwned=1">',
            "published": "2022-04-07"}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=server.url, timeout=60) as http:
        job = http.post("/api/ingest", json=body, headers=headers, params={"wait": 30}).json()
        while job["status"] in ("queued", "running"):
            job = http.get(f"/api/jobs/{job['id']}").json()
    assert job["status"] == "done", job
    [article] = job["result"]["articles"]
    return article  # type: ignore[no-any-return]


NOTHING_RAN = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
      .filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)),
  images: document.querySelectorAll('main img, main svg').length,
  scripts: document.querySelectorAll('main script, body > script').length,
  jsLinks: [...document.querySelectorAll('a')]
      .filter(a => a.href.trim().toLowerCase().startsWith('javascript:')).length,
})"""


def test_hostile_article_is_shown_as_text_and_runs_nothing(page: Any, live_server: LiveServer,
                                                           artifacts: Path) -> None:
    article = _ingest_hostile(live_server)
    assert article["events"], "the hostile copy still yields events, so its evidence is shown"
    views = [f"/#/article/{article['id']}", *(f"/#/event/{e}" for e in article["events"][:3]),
             "/#/search?q=pwned", "/#/timeline", "/#/briefing?days=7&as_of=2022-04-08"]
    for i, url in enumerate(views):
        page.goto(url)
        ready(page)
        page.wait_for_timeout(300)  # let lazily loaded source texts arrive
        for text in page.locator("mark, .title, h1").all()[:4]:  # where a handler would fire, if any were there
            text.hover(timeout=STEP_MS)
        found = page.evaluate(NOTHING_RAN)
        assert found == {"pwned": None, "handlers": [], "images": 0, "scripts": 0, "jsLinks": 0}, (url, found)
        if i == 0:
            shot(page, artifacts, "13-hostile-article.png")
    assert page.dialogs == []  # type: ignore[attr-defined]

    page.goto(f"/#/article/{article['id']}")
    ready(page)
    body = page.locator("#article-text").inner_text()
    assert '<script>window.__pwned = "script"</script>' in body and "onerror=" in body
    assert page.locator("h1").inner_text().startswith("<img src=x onerror=")
    assert page.locator("a.ext").count() == 0  # the javascript: URL is not a link
    page.locator("#article-text", has_text="read more").click()
    assert page.evaluate(NOTHING_RAN)["pwned"] is None

    # On an event's page, the hostile copy is one source among others (it repeats example 000).
    page.locator(".article-events a").first.click()
    ready(page)
    card = page.locator(f".source[data-article-id='{article['id']}']")
    show = card.locator("button", has_text="Show text")
    if show.count():
        show.click()
    card.locator("mark.evidence").first.wait_for(timeout=STEP_MS)
    card.scroll_into_view_if_needed()
    assert "<script>" in card.locator(".article-text").inner_text()
    shot(page, artifacts, "14-hostile-event.png")
    assert page.evaluate(NOTHING_RAN)["pwned"] is None
