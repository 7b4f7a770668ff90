"""The local dashboard: a FastAPI app serving an HTTP API under /api and a small front end."""

from __future__ import annotations

from .app import RunRequest, Settings, create_app

__all__ = ["RunRequest", "Settings", "create_app"]
