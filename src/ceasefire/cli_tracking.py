"""The tracking commands: ``timeline``, ``situation``, ``quotes`` and ``track``.

Plain functions with typed (Annotated) options, so they can be called from
Python as they are; ``register(app)`` adds them to the Typer app in cli.py.
They print and exit; the work is in ``resolve/`` and ``store/tracking.py``.
"""
from __future__ import annotations

import json
import sys
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import CeasefireError

out = Console()
err = Console(stderr=True, soft_wrap=True)

DEFAULT_DB = "ceasefire.db"
Db = Annotated[str, typer.Option("--db", help="SQLite file or a database URL.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _fail(exc: Exception) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(2)


def _store(db: str) -> Any:
    from .store import Store
    try:
        return Store.open(db)
    except CeasefireError as exc:
        _fail(exc)


def _untracked_note(store: Any) -> None:
    from sqlalchemy import func, select

    from .store import schema as s
    with store.engine.connect() as conn:
        articles = conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
        tracked = conn.execute(select(func.count()).select_from(s.story_members)).scalar_one()
    if articles > tracked:
        err.print(f"[yellow]note:[/] {articles - tracked} stored article(s) are not tracked yet; "
                  f"run `ceasefire track --db {store.url}` to add them")


def _when(start: str | None, end: str | None) -> str:
    if not start:
        return "?"
    return start if not end or end == start else f"{start} – {end}"


def _who(participants: list[Any], limit: int = 4) -> str:
    names = [f"{a.name}" + ("" if role == "party" else f" ({role})") for a, role in participants]
    return ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")


def timeline(
    db: Db = DEFAULT_DB,
    actor: Annotated[Optional[str], typer.Option(help="Only events with this participant (name, alias or surname).")] = None,
    place: Annotated[Optional[str], typer.Option(help="Only events at this place (a country includes its places).")] = None,
    event_type: Annotated[Optional[str], typer.Option("--type", help="talks, ceasefire, corridor, aid, attack, "
                                                      "statement, military or resolution.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only events on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only events on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many events (0: all).")] = 0,
    as_json: AsJson = False,
) -> None:
    """Tracked events in date order, each counted once however many articles report it."""
    from .resolve.timeline import event_json
    from .resolve.timeline import timeline as run
    with _store(db) as store:
        try:
            events = run(store, actor=actor, place=place, type=event_type, since=since, until=until,
                         limit=limit or None, sources=as_json)
        except CeasefireError as exc:
            _fail(exc)
        if as_json:
            sys.stdout.write(json.dumps([event_json(e) for e in events], ensure_ascii=False, indent=2) + "\n")
            return
        _untracked_note(store)
    # One plain line per event: a timeline of thousands of events prints at once (a rich table of that
    # size takes seconds to lay out) and stays easy to grep.
    lines = [f"{len(events)} tracked event(s)",
             f"{'date':<23}  {'event':<26}  {'stage':<10}  {'place':<16}  {'sources':<20}  participants"]
    for e in events:
        sources = f"{e.sources_count} ({e.stories_count} {'story' if e.stories_count == 1 else 'stories'})"
        lines.append(f"{_when(e.date_start, e.date_end):<23}  {e.type + '/' + (e.subtype or '-'):<26}  "
                     f"{e.stage:<10}  {(e.place or {}).get('name', '-'):<16}  {sources:<20}  {_who(e.participants)}")
    sys.stdout.write("\n".join(lines) + "\n")


def situation(
    db: Db = DEFAULT_DB,
    as_of: Annotated[Optional[str], typer.Option(help="The date to report as of (default: newest article).")] = None,
    window: Annotated[int, typer.Option(help="Days back that count as current.")] = 45,
    as_json: AsJson = False,
) -> None:
    """The current state: negotiation tracks, ceasefire and corridor proposals, parties' positions."""
    from .resolve.situation import situation as run
    from .resolve.situation import situation_json
    with _store(db) as store:
        try:
            sit = run(store, as_of=as_of, window=window)
        except CeasefireError as exc:
            _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(situation_json(sit), ensure_ascii=False, indent=2) + "\n")
        return
    if sit.as_of is None:
        out.print("No tracked events yet: ingest articles first.")
        return
    out.rule(f"Situation as of {sit.as_of} (events reported since {sit.since})")
    tracks = Table("track", "parties", "last round", "next round", title="Negotiation tracks")
    for tr in sit.tracks:
        last = tr.last_round
        nxt = tr.next_round
        tracks.add_row(tr.name, ", ".join(tr.parties),
                       f"{_when(last.date_start, last.date_end)} {last.stage}" if last else "-",
                       f"{_when(nxt.date_start, nxt.date_end)} {nxt.stage}" if nxt else "-")
    out.print(tracks)
    arr = Table("type", "declared", "latest", "terms", "parties", "sources", title="Ceasefires and corridors")
    for e in sit.arrangements:
        latest = e.history[-1] if e.history else {"stage": e.stage, "reported": e.last_reported}
        terms = e.attributes.get("duration_hours")
        arr.add_row(f"{e.type}/{e.subtype or '-'}", _when(e.date_start, None),
                    f"{latest['stage']} ({latest['reported']})", f"{terms} h" if terms else "",
                    _who(e.participants), str(e.stories_count))
    out.print(arr)
    for pos in sit.positions:
        out.print(f"\n[bold]{pos.party.name}[/]")
        for st in pos.statements:
            text = st.evidence[0]["text"] if st.evidence else ""
            out.print(f"  {st.date_start} {st.subtype or 'statement'}: {text[:160]}")
        for q in pos.quotes:
            copies = f" ({q.copies} copies)" if q.copies > 1 else ""
            out.print(f"  {q.published} {q.speaker}: “{q.text[:200]}”{copies}")


def quotes(
    speaker: Annotated[str, typer.Option(help="Who said it: a name, alias or surname (\"Lavrov\").")],
    db: Db = DEFAULT_DB,
    since: Annotated[Optional[str], typer.Option(help="Only quotes published on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only quotes published on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many quotes (0: all).")] = 50,
    as_json: AsJson = False,
) -> None:
    """What one speaker said across articles, newest first; copies of a story count once."""
    from .resolve.situation import quotes_by_speaker
    with _store(db) as store:
        try:
            found = quotes_by_speaker(store, speaker, since=since, until=until, limit=limit or None)
        except CeasefireError as exc:
            _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps([q.__dict__ for q in found], ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.print(f"No quotes by {speaker!r}.")
        return
    table = Table("published", "speaker", "kind", "quote", "copies", title=f"{len(found)} quote(s)")
    for q in found:
        table.add_row(q.published or "?", q.speaker, q.kind, q.text, str(q.copies))
    out.print(table)


def track(
    db: Db = DEFAULT_DB,
    rebuild: Annotated[bool, typer.Option(help="Forget all tracking and track every article again.")] = False,
) -> None:
    """Track stored articles that are not tracked yet (ingest tracks new ones as it stores them)."""
    from .store.tracking import retrack, track_untracked
    with _store(db) as store:
        try:
            done = retrack(store) if rebuild else track_untracked(store)
        except CeasefireError as exc:
            _fail(exc)
    err.print(f"tracked {done} article(s)")


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline)
    app.command("situation")(situation)
    app.command("quotes")(quotes)
    app.command("track")(track)
