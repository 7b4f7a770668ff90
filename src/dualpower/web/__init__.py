"""The local dashboard: a FastAPI app serving an HTTP API under /api and a small front end."""

from __future__ import annotations

from .app import RunRequest, Settings, create_app
from .warmup import cached_loader, warm_up

__all__ = ["RunRequest", "Settings", "cached_loader", "create_app", "warm_up"]
