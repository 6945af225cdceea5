"""The page: one static HTML file and its scripts, which build the views from the JSON API.

The scripts (``static/js``) make every element with ``textContent`` and a
short list of attributes, never from markup, so text from articles (hostile
web content) shows as text. Front-end libraries are the npm packages' own
files, copied to ``static/vendor`` by ``scripts/vendor.sh`` and shipped with
the package: nothing is loaded from the internet.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"


def mount_pages(app: FastAPI, static: Path) -> None:
    index = static / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=static), name="static")
