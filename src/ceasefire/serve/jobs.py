"""Ingest from the web page: jobs analysed one at a time in a worker thread.

Analysis takes a fraction of a second per article (spaCy), too long to hold
a request: ``IngestJobs.submit`` queues the documents and returns a job at
once; the page polls ``GET /api/jobs/{id}`` (or the POST waits a little).
One worker thread: the model is loaded once, on the first job, and a SQLite
file takes one writer at a time anyway. Uploaded files live in a temporary
folder of the job's own, removed when the job ends.
"""
from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..records import RawDocument, Rejection
from ..runner import ingest
from .articles import tracked_events_of

if TYPE_CHECKING:
    from ..analyse.pipeline import Analyser
    from ..store import Store

JobStatus = Literal["queued", "running", "done", "failed"]
KEPT_JOBS = 200  # finished jobs remembered for polling


@dataclass
class Job:
    id: str
    inputs: int
    status: JobStatus = "queued"
    created: float = field(default_factory=time.time)
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event, repr=False)
    workdir: Path | None = field(default=None, repr=False)  # uploads, removed when the job ends

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "inputs": self.inputs, "result": self.result,
                "error": self.error}


Documents = Callable[[], Iterable[RawDocument | Rejection]]


class IngestJobs:
    """The queue of ingest jobs of one application."""

    def __init__(self, store: Store, analyser_factory: Callable[[], Analyser]) -> None:
        self._store = store
        self._factory = analyser_factory
        self._analyser: Analyser | None = None
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None  # made on the first job, again after close()

    def submit(self, documents: Documents, inputs: int, workdir: Path | None = None) -> Job:
        """Queue documents (read lazily, in the worker); ``workdir`` is removed when the job ends."""
        job = Job(id=uuid.uuid4().hex, inputs=inputs, workdir=workdir)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs.values()))
                if not oldest.done.is_set():
                    break
                self._jobs.popitem(last=False)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ceasefire-ingest")
            self._pool.submit(self._run, job, documents, workdir)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Wait for the running job; drop the queued ones (they are marked failed)."""
        with self._lock:
            pool, self._pool = self._pool, None
            pending = [j for j in self._jobs.values() if j.status == "queued"]
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        for job in pending:
            if job.status == "queued":
                self._finish(job, "failed", error="the server stopped before the job ran")
                _remove(job.workdir)

    def _run(self, job: Job, documents: Documents, workdir: Path | None) -> None:
        job.status = "running"
        try:
            if self._analyser is None:
                self._analyser = self._factory()
            analyser = self._analyser
            items = list(documents())
            ids: list[str] = []
            titles: dict[str, str | None] = {}
            for item in items:
                if isinstance(item, RawDocument):
                    prepared = analyser.prepare(item)
                    if prepared.id not in titles:
                        ids.append(prepared.id)
                        titles[prepared.id] = item.source.title
            # The analyst chose these: the relevance filter does not pass them over.
            summary = ingest(items, self._store, analyser, relevance=False)
            stored = [a for a in ids if self._store.has_article(a)]
            events = tracked_events_of(self._store, stored)
            self._finish(job, "done", result={
                "inputs": summary.inputs, "added": summary.added, "already": summary.already,
                "rejected": [{"source": r.source, "stage": r.stage, "reason": r.reason} for r in summary.rejected],
                "articles": [{"id": a, "title": titles[a], "events": events.get(a, [])} for a in stored],
            })
        except Exception as exc:  # noqa: BLE001 - the job reports it; the server goes on
            self._finish(job, "failed", error=f"{type(exc).__name__}: {exc}")
        finally:
            _remove(workdir)

    def _finish(self, job: Job, status: JobStatus, *, result: dict[str, Any] | None = None,
                error: str | None = None) -> None:
        job.result, job.error, job.finished = result, error, time.time()
        job.status = status
        job.done.set()


def _remove(workdir: Path | None) -> None:
    if workdir is not None:
        shutil.rmtree(workdir, ignore_errors=True)
