"""Readable tables of articles and their records, for the terminal."""
from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from .records import Article


def _clip(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _date(d) -> str:
    if d is None:
        return ""
    return d.start if d.start == d.end else f"{d.start}..{d.end}"


def _tables(articles: Iterable[Article], limit: int) -> list[Table]:
    arts = Table("id", "published", "basis", "source", "actors", "quotes", "events", "figures", title="Articles")
    actors = Table("article", "name", "kind", "country", "titles", "mentions", title="Actors")
    places = Table("article", "name", "kind", "country", "lat", "lon", title="Places")
    quotes = Table("article", "speaker", "cue", "kind", "text", title="Quotes")
    events = Table("article", "type", "subtype", "status", "date", "place", "participants", "outcome", title="Events")
    figures = Table("article", "category", "value", "qualifier", "source", "evidence", title="Figures")
    rows = {t: 0 for t in (arts, actors, places, quotes, events, figures)}

    def add(table: Table, *cells) -> None:
        if rows[table] < limit:
            table.add_row(*[str(c) if c is not None else "" for c in cells])
        rows[table] += 1

    for a in articles:
        short = a.id[:10]
        names = {x.id: x.name for x in a.actors}
        pnames = {p.id: p.name for p in a.places}
        src = a.source.title or a.source.url or a.source.path or ""
        add(arts, short, a.published, a.published_basis, _clip(src, 40), len(a.actors), len(a.quotes),
            len(a.events), len(a.figures))
        for x in a.actors:
            add(actors, short, x.name, x.kind, x.country, ", ".join(x.titles), len(x.mentions))
        for p in a.places:
            add(places, short, p.name, p.kind, p.country, f"{p.lat:.2f}" if p.lat is not None else "",
                f"{p.lon:.2f}" if p.lon is not None else "")
        for q in a.quotes:
            add(quotes, short, names.get(q.speaker, q.speaker_text), q.cue, q.kind, _clip(q.text))
        for e in a.events:
            parts = "; ".join(f"{names.get(p.actor, p.actor)} ({p.role})" for p in e.participants)
            add(events, short, e.type, e.subtype, e.status, _date(e.date), pnames.get(e.place, ""), _clip(parts, 50),
                e.outcome)
        for f in a.figures:
            ev = a.text[f.evidence[0][0]:f.evidence[0][1]] if f.evidence else ""
            add(figures, short, f.category, f"{f.value:,}", f.qualifier, names.get(f.source, ""), _clip(ev, 50))
    for table, n in rows.items():
        if n > limit:
            table.caption = f"{limit} of {n} rows shown; --limit shows more"
    return [arts, actors, places, quotes, events, figures]


def render_article(console: Console, article: Article) -> None:
    console.print(f"[bold]{article.source.title or article.source.path or article.id[:12]}[/] "
                  f"published {article.published or 'unknown'} ({article.published_basis})")
    for table in _tables([article], limit=1000)[1:]:
        if table.row_count:
            console.print(table)


def render_store(console: Console, store, limit: int = 20) -> None:
    counts = store.counts()
    if not counts.get("articles"):
        console.print("The database holds no articles yet: run `ceasefire ingest PATH --db ...` first.")
        return
    for table in _tables(store.iter_articles(), limit=limit):
        console.print(table)
