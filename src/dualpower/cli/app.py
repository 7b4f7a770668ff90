"""The Typer application that every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="dualpower",
    help="Simulate dual power: two rival authorities over one population.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
