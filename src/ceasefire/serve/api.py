"""The JSON API: thin handlers over the query modules, with paging, filters and documented errors."""
from __future__ import annotations

import asyncio
import hmac
import tempfile
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ..ingest import READERS, read_paths
from ..records import RawDocument, Rejection, Source
from ..resolve.situation import situation, situation_json
from ..resolve.timeline import EVENT_TYPES
from ..store import Store
from . import search as fts
from .actors import actor_detail, actor_page, network, quote_page
from .articles import article_detail, article_page
from .briefing import briefing
from .events import EventFilter, event_detail, event_page, map_data
from .jobs import IngestJobs, Job

MAX_PAGE = 200
MAX_OFFSET = 1_000_000
MAX_ID = 2**62  # larger ids cannot be stored; refusing them keeps the database driver from overflowing
MAX_TEXT = 2_000_000  # characters of one pasted article
MAX_FILES = 20
MAX_WAIT = 30.0


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorResponse} for c in codes}


router = APIRouter(prefix="/api", responses=_errors(400, 413, 422, 503))
bearer = HTTPBearer(auto_error=False, description="The token the operator gave `ceasefire serve --token`.")

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=200)]
EventType = Literal["talks", "ceasefire", "corridor", "aid", "attack", "statement", "military", "resolution"]
Status = Literal["occurred", "ongoing", "planned", "proposed", "agreed", "rejected", "failed", "blocked"]
ActorKind = Literal["person", "state", "organization", "armed_group", "group"]
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
assert set(get_args(EventType)) == set(EVENT_TYPES), "the API's event types are the records'"


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def clean(value: str | None) -> str | None:
    """Text from a query string without NUL (which PostgreSQL refuses); None when nothing is left."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    expected: str | None = request.app.state.token
    if expected is None:
        raise HTTPException(403, "ingest is disabled: start the server with --token or CEASEFIRE_TOKEN set")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
        raise HTTPException(401, "a valid token is needed to ingest: send Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})


# -- reading --------------------------------------------------------------------------------------------------


@router.get("/health", summary="Liveness: the reference request of the benchmark")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/stats", summary="Rows per kind, tracked events, and whether ingest is enabled")
def stats(request: Request, store: StoreDep) -> dict[str, Any]:
    return {"counts": store.counts(), "ingest": request.app.state.token is not None}


@router.get("/articles", summary="Articles, newest publication first")
def articles(store: StoreDep, limit: Limit = 50, offset: Offset = 0, since: Day = None, until: Day = None,
             outlet: Text = None) -> dict[str, Any]:
    return article_page(store, since=day(since), until=day(until), outlet=clean(outlet),
                        limit=limit, offset=offset)


@router.get("/articles/{article_id}", summary="One article: text, records, and the tracked events it feeds",
            responses=_errors(404))
def article(store: StoreDep, article_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]) -> dict[str, Any]:
    found = article_detail(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


def _filter(type: EventType | None, actor: str | None, actor_id: int | None, place: str | None,
            since: date | None, until: date | None, status: Status | None) -> EventFilter:
    return EventFilter(type=type, actor=clean(actor), actor_id=actor_id, place=clean(place),
                       since=day(since), until=day(until), status=status)


ActorId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="A canonical actor's id.")]


@router.get("/timeline", summary="Tracked events in date order (newest first by default), filtered and paged")
def timeline(store: StoreDep, type: EventType | None = None, actor: Text = None, actor_id: ActorId = None,
             place: Text = None, since: Day = None, until: Day = None, status: Status | None = None,
             order: Literal["desc", "asc"] = "desc", limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return event_page(store, _filter(type, actor, actor_id, place, since, until, status), limit=limit,
                      offset=offset, newest_first=order == "desc")


@router.get("/events", summary="Tracked events: the timeline's list under the name of the records")
def events(store: StoreDep, type: EventType | None = None, actor: Text = None, actor_id: ActorId = None,
           place: Text = None, since: Day = None, until: Day = None, status: Status | None = None,
           order: Literal["desc", "asc"] = "desc", limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return timeline(store, type, actor, actor_id, place, since, until, status, order, limit, offset)


@router.get("/events/{event_id}", summary="One tracked event: sources with evidence offsets, claims, history",
            responses=_errors(404))
def event(store: StoreDep, event_id: Id) -> dict[str, Any]:
    found = event_detail(store, event_id)
    if found is None:
        raise HTTPException(404, f"no tracked event {event_id}")
    return found


@router.get("/map", summary="Places with events (counts by type) and corridors, for the map")
def map_(store: StoreDep, type: EventType | None = None, since: Day = None, until: Day = None) -> dict[str, Any]:
    return map_data(store, _filter(type, None, None, None, since, until, None))


@router.get("/actors", summary="Canonical actors, most written about first")
def actors(store: StoreDep, q: Text = None, kind: ActorKind | None = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return actor_page(store, q=clean(q), kind=kind, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", summary="One actor: titles over time, aliases, quotes, events",
            responses=_errors(404))
def actor(store: StoreDep, actor_id: Id) -> dict[str, Any]:
    found = actor_detail(store, actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id}")
    return found


@router.get("/network", summary="Who talks with whom: talks and mediation between actors")
def network_(store: StoreDep, limit: Annotated[int, Query(ge=1, le=300)] = 60, since: Day = None,
             until: Day = None) -> dict[str, Any]:
    return network(store, limit=limit, since=day(since), until=day(until))


@router.get("/quotes", summary="Quotes, newest first; by speaker; or matching words (q)")
def quotes(store: StoreDep, q: Text = None, speaker_id: ActorId = None, since: Day = None, until: Day = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    words = clean(q)
    if words:
        with store.engine.connect() as conn:
            items, total = fts.search_quotes(conn, words, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}
    return quote_page(store, speaker_id=speaker_id, since=day(since), until=day(until),
                      limit=limit, offset=offset)


@router.get("/situation", summary="Negotiation tracks, arrangements and positions as of a date")
def situation_(store: StoreDep, as_of: Day = None,
               window: Annotated[int, Query(ge=1, le=3650)] = 45) -> dict[str, Any]:
    return situation_json(situation(store, as_of=day(as_of), window=window))


@router.get("/search", summary="Full-text search of article text and quotes, best match first")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           kind: Literal["all", "articles", "quotes"] = "all", limit: Annotated[int, Query(ge=1, le=100)] = 20,
           offset: Offset = 0) -> dict[str, Any]:
    words = clean(q) or ""
    out: dict[str, Any] = {"q": words, "limit": limit, "offset": offset}
    with store.engine.connect() as conn:
        if kind in ("all", "articles"):
            items, total = fts.search_articles(conn, words, limit, offset)
            out["articles"] = {"items": items, "total": total}
        if kind in ("all", "quotes"):
            items, total = fts.search_quotes(conn, words, limit, offset)
            out["quotes"] = {"items": items, "total": total}
    return out


@router.get("/briefing", summary="What was reported in the last day or week, with events per day by type")
def briefing_(store: StoreDep, days: Annotated[int, Query(ge=1, le=31)] = 1, as_of: Day = None) -> dict[str, Any]:
    return briefing(store, days=days, as_of=day(as_of))


# -- writing --------------------------------------------------------------------------------------------------


class PastedArticle(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The article's text as pasted.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=500)
    published: date | None = Field(None, description="YYYY-MM-DD, when known")


class IngestedArticle(BaseModel):
    id: str
    title: str | None
    events: list[int] = Field(description="Tracked events the article feeds.")


class IngestResult(BaseModel):
    inputs: int
    added: int
    already: int
    rejected: list[dict[str, str]]
    articles: list[IngestedArticle]


class JobOut(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    inputs: int
    result: IngestResult | None
    error: str | None


JOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": JobOut, "description": "The job finished within `wait` seconds: its result."},
    202: {"model": JobOut, "description": "Queued or running: poll the `Location` (GET /api/jobs/{id})."},
    **_errors(401, 403),
}

Wait = Annotated[float, Query(ge=0, le=MAX_WAIT, description="Seconds to wait for the result before answering 202.")]


async def _answer(job: Job, wait: float) -> JSONResponse:
    if wait > 0:
        await asyncio.to_thread(job.done.wait, wait)
    return JSONResponse(job.to_json(), status_code=200 if job.done.is_set() else 202,
                        headers={"Location": f"/api/jobs/{job.id}"})


def _jobs(request: Request) -> IngestJobs:
    jobs: IngestJobs = request.app.state.jobs
    return jobs


@router.post("/ingest", summary="Analyse and store a pasted article (token needed)", status_code=202,
             dependencies=[Depends(require_token)], responses=JOB_RESPONSES)
async def ingest_text(request: Request, body: PastedArticle, wait: Wait = 0) -> JSONResponse:
    published = day(body.published)
    # Text that cleaning leaves empty is a rejection in the job's result, as in any ingest run.
    text = body.text.replace("\x00", "")
    doc = RawDocument(text=text, source=Source(url=clean(body.url), outlet=clean(body.outlet),
                                               title=clean(body.title)),
                      published=published, origin="pasted text")
    job = _jobs(request).submit(lambda: [doc], inputs=1)
    return await _answer(job, wait)


def _suffix(name: str) -> str | None:
    lower = name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return None


def _client_name(filename: str | None, index: int) -> str:
    # A name to show, never a path to use: the last part of either separator's path.
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.replace("\x00", "")
    return name[:200] or f"upload {index + 1}"


Files = Annotated[list[UploadFile], File(description="Article files", min_length=1, max_length=MAX_FILES)]


@router.post("/ingest/files", summary="Analyse and store uploaded files (token needed)", status_code=202,
             dependencies=[Depends(require_token)], responses=JOB_RESPONSES)
async def ingest_files(request: Request, files: Files, wait: Wait = 0) -> JSONResponse:
    if not files:
        raise HTTPException(400, "no file sent")
    if len(files) > MAX_FILES:
        raise HTTPException(400, f"at most {MAX_FILES} files at once")
    workdir = Path(tempfile.mkdtemp(prefix="ceasefire-upload-"))
    names: dict[str, str] = {}
    refused: list[Rejection] = []
    try:
        for i, upload in enumerate(files):
            name = _client_name(upload.filename, i)
            suffix = _suffix(name)
            if suffix is None:
                refused.append(Rejection(name, "read", "unknown file type; accepted extensions: "
                                                       + ", ".join(sorted(READERS))))
                continue
            target = workdir / f"upload-{i}{suffix}"  # our name in our folder, whatever the client sent
            target.write_bytes(await upload.read())
            names[str(target)] = name
    except BaseException:
        _remove_dir(workdir)
        raise

    def documents() -> list[RawDocument | Rejection]:
        out: list[RawDocument | Rejection] = list(refused)
        for item in read_paths(sorted(Path(p) for p in names)):
            out.append(_renamed(item, names))
        return out

    job = _jobs(request).submit(documents, inputs=len(files), workdir=workdir)
    return await _answer(job, wait)


def _renamed(item: RawDocument | Rejection, names: dict[str, str]) -> RawDocument | Rejection:
    """The document as from the client's file name: the temporary path means nothing to the analyst."""
    for path, name in names.items():
        if isinstance(item, Rejection) and item.source.startswith(path):
            return Rejection(name + item.source[len(path):], item.stage, item.reason.replace(path, name))
        if isinstance(item, RawDocument) and item.origin.startswith(path):
            item.origin = name + item.origin[len(path):]
            if item.source.path and item.source.path.startswith(path):
                item.source.path = name
            return item
    return item


def _remove_dir(path: Path) -> None:
    import shutil
    shutil.rmtree(path, ignore_errors=True)


@router.get("/jobs/{job_id}", summary="An ingest job: queued, running, done (with the result) or failed",
            responses=_errors(404), response_model=JobOut)
def job(request: Request, job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]) -> dict[str, Any]:
    found = _jobs(request).get(job_id)
    if found is None:
        raise HTTPException(404, f"no job {job_id} (finished jobs are kept for a while, then forgotten)")
    return found.to_json()
