"""The web page and HTTP API: ``create_app`` builds the FastAPI application.

Importing this package loads nothing of the web stack (``store/migrations.py``
imports ``serve.search``); ``create_app`` is loaded on first use.
"""
from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
