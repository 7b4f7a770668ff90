"""HTML reports of runs and experiments, built from result files only (never from step code)."""

from __future__ import annotations

from pathlib import Path

from ..core.files import write_text
from .compare import compare_payload
from .data import RunData, folder_kind, from_tables, load_run
from .page import html_page
from .grid_view import read_grid
from .run_report import grid_of, run_payload

REPORT = "report.html"


def payload_for(folder: Path | str) -> dict:
    """The report payload of a run or experiment folder (detected from the files it holds)."""
    folder = Path(folder)
    if folder_kind(folder) == "experiment":
        from .experiment import experiment_payload

        return experiment_payload(folder)
    run = load_run(folder)
    return run_payload(run, grid_of(run, read_grid(folder)))


def write_report(folder: Path | str) -> Path:
    """Write ``report.html`` into a results folder and return its path.

    Args:
        folder: a run folder (``timeseries.parquet``, ``manifest.json``...) or an experiment
            folder (``runs.parquet``, ``timeseries/``...).

    Returns:
        The path of the report, written atomically.

    Raises:
        FileNotFoundError: the folder holds neither a run nor an experiment.
    """
    folder = Path(folder)
    return write_text(folder / REPORT, html_page(payload_for(folder)))


__all__ = [
    "REPORT",
    "RunData",
    "compare_payload",
    "from_tables",
    "html_page",
    "load_run",
    "payload_for",
    "run_payload",
    "write_report",
]
