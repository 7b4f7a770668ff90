"""`dualpower report DIR`: write report.html for a run or experiment folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app


@app.command("report")
def report_command(
    folder: Annotated[Path, typer.Argument(help="A run or experiment results folder.")],
) -> None:
    """Write a self-contained report.html (works offline) into a results folder."""
    from ..report import write_report

    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder")
    path = write_report(folder)
    typer.echo(f"report: {path} ({path.stat().st_size / 1e6:.2f} MB)")
