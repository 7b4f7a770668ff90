"""`dualpower run`, `dualpower scenarios` and `dualpower params`."""

from __future__ import annotations

import datetime as dt
import re
import sys
import typing
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Column, Table

from ..api import choose_seed, prepare, simulate
from ..core import InputError, Results, Schema
from ..core.params import override, parse_assignments, table
from ..core.results import check_writable
from ..scenarios import DEFAULT, builtin_names, load
from .app import app

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

ScenarioArg = Annotated[str, typer.Argument(help="Built-in scenario name or TOML file.")]
SetOpt = Annotated[Optional[list[str]], typer.Option("--set", help="Override a parameter: key=value (repeatable).")]


def collect_overrides(
    scenario: Any, sets: list[str] | None, scale: float | None, params_file: Path | None
) -> dict[str, Any]:
    """Merge ``--params FILE``, ``--scale`` and ``--set`` (later wins), validated later as a whole."""
    values: dict[str, Any] = {}
    if params_file is not None:
        from ..scenarios import read_toml

        data = read_toml(params_file)
        given = data.get("params", data)
        if not isinstance(given, dict):
            raise InputError(str(params_file), "params", "must be a table of parameter values")
        override(scenario.params, given, str(params_file))
        values.update(given)
    if scale is not None:
        if "scale" not in type(scenario.params).model_fields:
            raise InputError("--scale", "scale", f"model {scenario.model.name!r} has no scale parameter")
        values["scale"] = scale
    values.update(parse_assignments(sets or []))
    return values


def default_out(name: str, seed: int | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("results") / f"{name}-{'s' + str(seed) if seed is not None else 'random'}-{stamp}"


@app.command("run")
def run_command(
    scenario: ScenarioArg = DEFAULT,
    steps: Annotated[Optional[int], typer.Option(help="Number of steps (days); default: the scenario's.")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed; default: the scenario's, else fresh entropy.")] = None,
    set_: SetOpt = None,
    scale: Annotated[Optional[float], typer.Option(help="Fraction of the population simulated.")] = None,
    params_file: Annotated[Optional[Path], typer.Option("--params", help="TOML file of parameter values.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Results folder (replaced only if all in it is ours).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Write into a folder holding other files (they are kept).")] = False,
    report: Annotated[bool, typer.Option(help="Write report.html into the folder.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Simulate a scenario and write a results folder (Parquet tables, manifest, report)."""
    sc = load(scenario)
    sc, params, n = prepare(sc, steps, collect_overrides(sc, set_, scale, params_file), "command line")
    s = choose_seed(sc, seed, "command line")
    out = out or default_out(sc.name, s)
    check_writable(out, overwrite)
    with _progress(quiet or not sys.stderr.isatty(), n) as tick:
        results = simulate(sc, seed=s, steps=n, params=params, progress=tick)
    results.write(out, extra=_report_writer() if report else None, overwrite=overwrite)
    if not quiet:
        print_summary(results, out, sc.model.headline)


def _report_writer():
    """The report builder if the report extra is installed, else nothing."""
    try:
        from ..report import write_report
    except ImportError:
        return None
    return write_report


class _progress:
    """A Rich progress bar on a terminal; a no-op elsewhere."""

    def __init__(self, silent: bool, total: int) -> None:
        self.silent, self.total = silent, total

    def __enter__(self):
        if self.silent:
            return None
        self.bar = Progress(
            TextColumn("[bold]simulating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        )
        self.bar.__enter__()
        task = self.bar.add_task("run", total=self.total)
        return lambda done, total: self.bar.update(task, completed=done)

    def __exit__(self, *exc) -> None:
        if not self.silent:
            self.bar.__exit__(*exc)


def print_summary(results: Results, out: Path, headline: tuple[str, ...] = ()) -> None:
    """One screen: what ran, how fast, how it ended, and the final metrics."""
    m = results.manifest
    console.print(
        f"[bold]{m['scenario']}[/] ({m['model']}): {m['agents']:,} agents, {m['steps']} steps, "
        f"seed {m['seed']['entropy']}, {m['wall_time_s']:.2f} s"
    )
    outcome = m.get("outcome")
    if outcome:
        console.print(f"outcome: [bold]{outcome.get('type', '?')}[/]{when(outcome)}")
    for name, ms in (m.get("milestones") or {}).items():
        console.print(f"{name.replace('_', ' ')}: {when(ms).removeprefix(' on ') if ms else 'never'}")
    _print_elections(results)
    _print_final(results, headline)
    console.print(f"results: {out}")


def when(point: dict) -> str:
    """ " on <date> (OS), step <n>" from whatever dates and step a model records for an outcome or milestone; one
    date, unlabelled, where the case's calendars agree."""
    dated = {k.removeprefix("date_").upper(): v for k, v in point.items() if k.startswith("date") and v}
    same = len(dated) > 1 and len(set(dated.values())) == 1
    dates = list(dated.values())[:1] if same else [f"{v} ({k})" for k, v in dated.items()]
    step = [f"step {point['step']}"] if "step" in point else []
    return f" on {', '.join(dates + step)}" if dates or step else ""


def _print_elections(results: Results) -> None:
    el = results.elections
    if el is None or el.num_rows == 0 or "historical" not in el.column_names:
        return
    t = Table(title="elections: simulated vs historical share", title_justify="left")
    outcome = results.manifest.get("outcome") or {}
    date = "date" if outcome.get("date_ns", "") == outcome.get("date_os") else "date (OS)"
    for col in ("election", date, "party", "simulated", "historical"):
        t.add_column(col, justify="right" if col in ("simulated", "historical") else "left")
    for r in el.to_pylist():
        hist = r["historical"]
        t.add_row(
            r["election"],
            str(r["date_os"]),
            r["party"],
            f"{r['share']:.3f}",
            "" if hist is None or hist != hist else f"{hist:.3f}",
        )
    console.print(t)


def _print_final(results: Results, headline: tuple[str, ...]) -> None:
    """The model's headline metrics at the end, else its first declared counts, shares and levels."""
    ts = results.timeseries
    declared = [m["name"] for m in Schema(results.manifest).metrics if m["kind"] in ("count", "share", "level")]
    names = [c for c in headline if c in ts.column_names] or [c for c in declared if c in ts.column_names]
    last = {c: ts.column(c)[-1].as_py() for c in names}
    shown = [(k, v) for k, v in last.items() if isinstance(v, (int, float)) and k != "step"][:12]
    console.print("final: " + ", ".join(f"{k}={readable(v)}" for k, v in shown))


def readable(value: float) -> str:
    """A number as people write it: 50,000 and 2,238,000 rather than 5e+04; shares and rates to 4 digits."""
    if isinstance(value, bool) or abs(value) < 1000:
        return f"{value:.4g}" if isinstance(value, float) else str(value)
    return f"{value:,.0f}"


def first_sentence(text: str) -> str:
    """The first sentence, not cut at abbreviations such as 'No.' or initials."""
    parts = re.split(r"(?<!\bNo)(?<!\bSt)(?<!\b[A-Z])\.\s+(?=[A-Z\"'(])", " ".join(text.split()), maxsplit=1)
    return parts[0].rstrip(".") + "." if parts[0] else ""


@app.command("scenarios")
def scenarios_command() -> None:
    """List the built-in scenarios."""
    t = Table(Column("name", no_wrap=True), Column("model", no_wrap=True), Column("steps", justify="right"),
              Column("description", ratio=1))
    for name in builtin_names():
        sc = load(name)
        t.add_row(name, sc.model.name, str(sc.steps), first_sentence(sc.description))
    console.print(t)


def allowed(row: dict, cls: type) -> str:
    """What a parameter accepts: its choices, its bounds, or nothing when it has neither."""
    choices = choices_of(cls.model_fields[row["name"]].annotation)
    if choices:
        return " | ".join(choices)
    if row["ge"] is None and row["le"] is None:
        return ""
    return f"[{'' if row['ge'] is None else row['ge']}, {'' if row['le'] is None else row['le']}]"


def choices_of(annotation: Any) -> list[str]:
    """The values of a ``Literal`` type, also inside ``Optional[...]``."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return [c for a in typing.get_args(annotation) for c in choices_of(a)]


@app.command("params")
def params_command(scenario: ScenarioArg = DEFAULT) -> None:
    """List a scenario's parameters: value, default, bounds, unit and help."""
    sc = load(scenario)
    values = sc.params.model_dump()
    t = Table(Column("name", no_wrap=True), Column("value", no_wrap=True), "range", "unit", Column("help", ratio=1))
    for row in table(type(sc.params)):
        value = "none" if values[row["name"]] is None else str(values[row["name"]])
        unit = "" if row["unit"] in ("1", "flag") else row["unit"]
        t.add_row(row["name"], value, allowed(row, type(sc.params)), unit, row["help"])
    console.print(t)
