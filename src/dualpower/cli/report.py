"""`dualpower report DIR`: write report.html for a run or experiment folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core import InputError
from .app import app


@app.command("report")
def report_command(
    folder: Annotated[Path, typer.Argument(help="A run or experiment results folder.")],
) -> None:
    """Write a self-contained report.html (works offline) into a results folder."""
    from ..report import write_report

    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder")
    try:
        path = write_report(folder)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as err:
        raise InputError(str(folder), "", f"not a readable results folder ({type(err).__name__}: {err})") from None
    typer.echo(f"report: {path} ({path.stat().st_size / 1e6:.2f} MB)")
