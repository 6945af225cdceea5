"""The ``ceasefire`` command: thin Typer commands over the package's functions.

Exit status: 0 when everything went in, 1 when some input was rejected (the
rest was processed and the rejections are stored), 2 for usage errors.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import CeasefireError

app = typer.Typer(
    help="Turn news about wars and peace talks into records: talks, ceasefires, corridors, "
         "quotes and figures, each traced to the sentence it came from.",
    no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages name paths: never break them

DEFAULT_DB = "ceasefire.db"
ModelOpt = typer.Option("en_core_web_sm", "--model", help="Name of an installed spaCy pipeline.")
DbOpt = typer.Option(DEFAULT_DB, "--db", help="SQLite file (created if missing) or a database URL.")


def _fail(exc: Exception) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(2)


def _analyser(model: str):
    from .analyse.pipeline import Analyser
    from .analyse.resources import Resources
    try:
        return Analyser(Resources.load(model))
    except CeasefireError as exc:
        _fail(exc)


def _open_store(db: str):
    from .store import Store
    try:
        return Store.open(db)
    except CeasefireError as exc:
        _fail(exc)


def _parse_date(value: Optional[str], what: str) -> Optional[str]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        _fail(CeasefireError(f"{what} {value!r} is not a date; give it as YYYY-MM-DD, e.g. 2022-03-10"))


@app.command()
def analyse(
    file: Path = typer.Argument(..., help="An article: .txt, .html, or a .jsonl/.csv file (its first record)."),
    as_json: bool = typer.Option(False, "--json", help="Print the article's records as JSON."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (inferred from the text when absent)."),
    url: Optional[str] = typer.Option(None, help="The article's URL, kept in its source."),
    model: str = ModelOpt,
) -> None:
    """Analyse one article and print its records (actors, places, quotes, events, figures)."""
    from .ingest import read_paths
    from .records import RawDocument, to_dict

    if not file.exists():
        _fail(CeasefireError(f"{file}: no such file"))
    item = next(iter(read_paths([file])), None)
    if item is None or not isinstance(item, RawDocument):
        reason = item.reason if item is not None else "no article found"
        err.print(f"[bold red]rejected:[/] {file}: {reason}")
        raise typer.Exit(1)
    if published:
        item.published = _parse_date(published, "--published")
    if url:
        item.source.url = url
    article = _analyser(model).analyse(item)
    if as_json:
        data = to_dict(article)
        data.pop("times", None)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        from .show import render_article
        render_article(out, article)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files and folders: .txt, .html, .jsonl/.csv (with a text column)."),
    db: str = DbOpt,
    model: str = ModelOpt,
    batch_size: int = typer.Option(16, help="Articles parsed together by spaCy."),
    relevance: bool = typer.Option(True, "--relevance/--no-relevance",
                                   help="Analyse only articles the relevance filter finds on topic; "
                                        "store the others as seen, not analysed."),
    engine: str = typer.Option("local", "--engine", help="local (this process) or dask (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. "
                                            "tcp://10.0.0.5:8786 (default: a local cluster)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Worker processes of the local Dask cluster (default: all cores)."),
) -> None:
    """Analyse articles into the database. Re-running adds nothing twice."""
    from .ingest import count_inputs, read_paths
    from .runner import ingest_paths

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(CeasefireError(f"no such file or folder: {', '.join(missing)}"))
    if engine not in ("local", "dask"):
        _fail(CeasefireError(f"unknown --engine {engine!r}; choose local or dask"))
    if engine == "local" and (scheduler or workers):
        _fail(CeasefireError("--scheduler and --workers need --engine dask"))
    analyser = _analyser(model) if engine == "local" else None
    with _open_store(db) as store:
        total = count_inputs(paths)
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err, transient=False) as progress:
            task = progress.add_task("", total=total or None)

            def tick(item) -> None:
                origin = getattr(item, "origin", None) or getattr(item, "source", "")
                # Rows of one JSONL/CSV file are counted as one input file.
                if not any(c in str(origin).rsplit("/", 1)[-1] for c in ":#"):
                    progress.advance(task)
                progress.update(task, description=str(origin)[-50:])

            if engine == "dask":
                from .scale.dask_runner import ingest_dask
                try:
                    summary = ingest_dask(read_paths(paths), store, model=model, relevance=relevance,
                                          scheduler=scheduler, workers=workers, batch_size=batch_size, on_item=tick)
                except CeasefireError as exc:
                    _fail(exc)
            else:
                summary = ingest_paths(paths, store, analyser, batch_size=batch_size, on_item=tick,
                                       relevance=relevance)
            progress.update(task, completed=total, description="done")
        counts = store.counts()
    err.print(f"added {summary.added} article(s), {summary.already} already stored, "
              f"{summary.seen} seen (off topic, not analysed), "
              f"{len(summary.rejected)} rejected; database {db} now holds "
              + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for r in summary.rejected:
        err.print(f"  [yellow]rejected[/] {r.source} ({r.stage}): {r.reason}")
    if summary.rejected:
        raise typer.Exit(1)


@app.command()
def show(
    db: str = DbOpt,
    limit: int = typer.Option(20, help="Rows shown per table."),
) -> None:
    """Show articles, actors, quotes, events and figures as tables."""
    from .show import render_store
    with _open_store(db) as store:
        render_store(out, store, limit=limit)


@app.command()
def export(
    db: str = DbOpt,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (one article per line), csv (one record per row), "
                            "events-jsonl, events-csv (tracked events), ceasefires-ethprio, corridors-peacerep, "
                            "places-geojson."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """Export every stored article and its records, or the tracked events, ceasefires, corridors or places."""
    from .export_tracking import export_any as export_articles
    with _open_store(db) as store:
        try:
            if output:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    export_articles(store, fmt, fh)
            else:
                export_articles(store, fmt, sys.stdout)
        except CeasefireError as exc:
            _fail(exc)


@app.command()
def rejections(db: str = DbOpt) -> None:
    """List the inputs that were rejected, with their reasons."""
    with _open_store(db) as store:
        rows = store.rejections()
    table = Table("source", "stage", "reason", title=f"{len(rows)} rejection(s)")
    for r in rows:
        table.add_row(r.source, r.stage, r.reason)
    out.print(table)


BENCHMARK_FORMATS = {
    "polnear": "PolNeAR BRAT attributions: a folder with text/ and attributions/",
    "timeml": "TimeML .tml files (TempEval-3): a folder, searched recursively",
    "geo": "LGL / GeoWebNews XML: one .xml file",
    "corridors": "ETH/PeaceRep humanitarian-corridor CSV: one .csv file",
}


@app.command("eval")
def evaluate(
    path: Path = typer.Argument(..., help="Gold data: a folder of articles with <stem>.gold.json beside each, "
                                          "or a benchmark's data with --format."),
    fmt: str = typer.Option("records", "--format",
                            help="records (the spec's gold files), " + ", ".join(BENCHMARK_FORMATS) + "."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    model: str = ModelOpt,
    details: bool = typer.Option(False, "--details", help="Also list misses and false positives per article."),
    limit: Optional[int] = typer.Option(None, help="Benchmarks: score only the first N documents or rows."),
) -> None:
    """Score the extractors against gold data.

    With the records format no publication date is given to the analyser: it
    must infer it. Benchmarks are read in their own formats (see --format).
    """
    if fmt != "records" and fmt not in BENCHMARK_FORMATS:
        _fail(CeasefireError(f"unknown --format {fmt!r}; choose records or one of: " + ", ".join(BENCHMARK_FORMATS)))
    if not path.exists():
        _fail(CeasefireError(f"{path}: no such file or folder"))
    if fmt != "records":
        _evaluate_benchmark(path, fmt, as_json, model, limit)
        return
    from .evaluate.scorer import evaluate_directory, render_table
    from .ingest import read_paths
    from .records import RawDocument

    if not path.is_dir():
        _fail(CeasefireError(f"{path}: not a folder of articles with .gold.json files"))
    analyser = _analyser(model)

    def run(article_path: Path):
        item = next(iter(read_paths([article_path])))
        if not isinstance(item, RawDocument):
            raise CeasefireError(f"{article_path}: {item.reason}")
        item.published = None
        return analyser.analyse(item)

    try:
        scores = evaluate_directory(path, run)
    except CeasefireError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(scores.to_json(detail=details), indent=2) + "\n")
    else:
        out.print(render_table(scores))
        if details:
            out.print_json(data=scores.to_json(detail=True).get("details", []))


def _evaluate_benchmark(path: Path, fmt: str, as_json: bool, model: str, limit: Optional[int]) -> None:
    """Each benchmark lives in ``evaluate/bench_<format>.py`` with
    ``evaluate(path, analyser, limit=None, progress=None) -> dict`` of flat scores."""
    import importlib

    module = importlib.import_module(f"ceasefire.evaluate.bench_{fmt}")
    analyser = _analyser(model)
    with Progress(TextColumn(f"[bold]{fmt}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            result = module.evaluate(path, analyser, limit=limit, progress=tick)
        except CeasefireError as exc:
            _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table("measure", "value", title=f"{fmt}: {path}")
    for key, value in result.items():
        if isinstance(value, float):
            table.add_row(key, f"{value:.3f}")
        elif not isinstance(value, (dict, list)):
            table.add_row(key, str(value))
    out.print(table)


@app.command()
def watch(
    urls: Optional[list[str]] = typer.Argument(None, help="RSS/Atom feed URLs or article page URLs."),
    db: str = DbOpt,
    model: str = ModelOpt,
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file listing feed URLs (a list, or 'feeds:')."),
    once: bool = typer.Option(False, "--once", help="Poll each URL once and exit (for cron); back-off is respected."),
    interval: float = typer.Option(900.0, "--interval", min=1.0, help="Seconds between polls of one URL."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds to wait for a server."),
    delay: float = typer.Option(1.0, "--delay", min=0.0, help="Seconds between two requests to one host."),
    max_bytes: int = typer.Option(5 * 1024 * 1024, "--max-bytes", min=1, help="Largest feed or page read."),
) -> None:
    """Poll feeds and article URLs into the database; resumes where it stopped after a restart.

    Exits 1 when a URL failed or an input was rejected (see `ceasefire rejections`).
    """
    import signal
    import threading

    from .watch import PollReport, Watcher, WatchSettings, load_feed_config

    try:
        targets = list(urls or []) + (load_feed_config(config) if config else [])
    except CeasefireError as exc:
        _fail(exc)
    if not targets:
        _fail(CeasefireError("no URL to watch: give feed URLs or --config FILE"))
    settings = WatchSettings(interval=interval, timeout=timeout, host_delay=delay, max_bytes=max_bytes)
    stop = threading.Event()
    analyser = _analyser(model)
    problems = 0

    def report(r: PollReport) -> None:
        nonlocal problems
        problems += 0 if r.ok else 1
        when = f", next poll {r.next_poll:%Y-%m-%d %H:%M:%S} UTC" if r.next_poll else ""
        err.print(f"{r.url}: {r.status}" + (f" ({r.error})" if r.error else "") +
                  f"; {r.added} added, {r.already} already stored, {len(r.rejected)} rejected, "
                  f"{r.retry} to retry{when}")
        for rej in r.rejected:
            err.print(f"  [yellow]rejected[/] {rej.source} ({rej.stage}): {rej.reason}")

    with _open_store(db) as store, Watcher(store, analyser, settings) as watcher:
        # SIGTERM finishes the current item, then stops; only the main thread may set a handler.
        previous = (signal.signal(signal.SIGTERM, lambda *_: stop.set())
                    if threading.current_thread() is threading.main_thread() else None)
        try:
            watcher.run(targets, once=once, stop=stop, on_report=report)
        except KeyboardInterrupt:
            err.print("stopped; the next run resumes where this one left off")
        except CeasefireError as exc:
            _fail(exc)
        finally:
            if previous is not None:  # the caller's own handler, e.g. when called in-process
                signal.signal(signal.SIGTERM, previous)
    if problems:
        raise typer.Exit(1)


# Tracking across articles: timeline, situation, quotes, track (cli_tracking.py).
from .cli_tracking import register as _register_tracking  # noqa: E402

_register_tracking(app)


@app.command()
def bench(
    corpus: list[Path] = typer.Argument(..., help="Articles to run through: files and folders, e.g. a JSONL "
                                                  "made by benchmarks/corpus/make_corpus.py."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes; more than 1 runs on a local Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on the Dask scheduler at this address."),
    relevance: bool = typer.Option(False, "--relevance/--no-relevance",
                                   help="Let the relevance filter skip off-topic articles (off by default: "
                                        "the benchmark measures the full analysis)."),
    reference: bool = typer.Option(True, "--reference/--no-reference",
                                   help="Also time bare spaCy over the same texts (for the ratio)."),
    db: Optional[str] = typer.Option(None, "--db", help="Store to write to (default: a temporary SQLite file)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N inputs."),
    batch_size: int = typer.Option(16, help="Articles parsed together by spaCy (both runs)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    model: str = ModelOpt,
) -> None:
    """Articles and words per second of the full pipeline (ingest to store) and of bare
    spaCy on the same texts, their ratio, and peak memory."""
    from .scale.bench import run_bench

    missing = [str(p) for p in corpus if not p.exists()]
    if missing:
        _fail(CeasefireError(f"no such file or folder: {', '.join(missing)}"))
    with Progress(TextColumn("[bold]bench"), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("", total=limit)
        try:
            result = run_bench(list(corpus), model=model, workers=workers, scheduler=scheduler, relevance=relevance,
                               reference=reference, db=db, limit=limit, batch_size=batch_size,
                               progress=lambda n: progress.update(task, completed=n))
        except CeasefireError as exc:
            _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
        return
    table = Table("measure", "value", title=f"bench: {', '.join(map(str, corpus))}")
    for key, value in result.to_json().items():
        table.add_row(key, "-" if value is None else f"{value:,.3f}" if isinstance(value, float) else str(value))
    out.print(table)


# The web page and HTTP API: serve (serve/command.py).
from .serve.command import register as _register_serve  # noqa: E402

_register_serve(app)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
