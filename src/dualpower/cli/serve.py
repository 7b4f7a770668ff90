"""`dualpower serve`: the local dashboard (token-protected HTTP API and front end)."""

from __future__ import annotations

import secrets
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..core import InputError
from .app import app


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless others must reach it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[Optional[str], typer.Option(help="Access token for /api; default: a fresh random one, printed.")] = None,
    runs_dir: Annotated[Optional[Path], typer.Option("--runs-dir", help="Where run folders are kept; default: a new temporary folder.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=8, help="Runs executed at once; the rest wait in a queue.")] = 1,
) -> None:
    """Serve the dashboard: choose a scenario, set parameters, watch runs, compare, download."""
    import uvicorn

    from ..web import Settings, cached_loader, create_app, warm_up

    check_port(host, port)
    token = token or secrets.token_urlsafe(24)
    folder = runs_dir or Path(tempfile.mkdtemp(prefix="dualpower-runs-"))
    try:
        typer.echo(f"runs folder: {folder}" + ("" if runs_dir else " (removed when the server stops)"))
        typer.echo(f"open: http://{host}:{port}/?token={token}")
        loader = cached_loader()
        warm_up(loader)
        app = create_app(Settings(folder, token, workers, loader=loader))
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        if runs_dir is None:
            shutil.rmtree(folder, ignore_errors=True)


def check_port(host: str, port: int) -> None:
    """Refuse, before anything starts, an address the server could not listen on (e.g. a port in use)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as err:
        raise InputError("--port", str(port), f"cannot listen on {host}:{port}: {err.strerror or err}") from None
