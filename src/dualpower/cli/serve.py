"""`dualpower serve`: the local dashboard (token-protected HTTP API and front end)."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to bind; keep 127.0.0.1 unless others must reach it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        Optional[str], typer.Option(help="Access token for /api; default: a fresh random one, printed.")
    ] = None,
    runs_dir: Annotated[
        Optional[Path], typer.Option("--runs-dir", help="Where run folders are kept; default: a new temporary folder.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=8, help="Runs executed at once; the rest wait in a queue.")] = 1,
) -> None:
    """Serve the dashboard: choose a scenario, set parameters, watch runs, compare, download."""
    import uvicorn

    from ..web import Settings, cached_loader, create_app, warm_up

    token = token or secrets.token_urlsafe(24)
    folder = runs_dir or Path(tempfile.mkdtemp(prefix="dualpower-runs-"))
    typer.echo(f"runs folder: {folder}")
    typer.echo(f"open: http://{host}:{port}/?token={token}")
    loader = cached_loader()
    warm_up(loader)
    uvicorn.run(create_app(Settings(folder, token, workers, loader=loader)), host=host, port=port, log_level="warning")
