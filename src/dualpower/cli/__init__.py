"""Command-line shell: parse, make one call into the library, map errors to exit codes."""

from __future__ import annotations

import sys

from ..core import InputError, interrupts
from ..core.errors import interrupted as caused_by_interrupt
from . import run as _run  # noqa: F401  (registers commands)
from .app import app

COMMAND_MODULES = ("check", "experiments", "report", "serve", "calibrate")


def main(argv: list[str] | None = None) -> int:
    """Entry point: bad input prints one line and exits 2, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    if not _is_core_command(args):
        _load_optional_commands()
    interrupts.install()
    try:
        rc = app(args=argv, standalone_mode=False)
    except InputError as err:
        print(f"error: {err.line}", file=sys.stderr)
        return 2
    except (ValueError, OSError, OverflowError, RecursionError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except SystemExit as err:
        return int(err.code or 0)
    except Exception as err:
        if interrupted(err):
            return _interrupted()
        if isinstance(err, usage_errors()):
            if type(err).__name__ == "NoArgsIsHelpError":
                err.show()
            else:
                print(f"error: {err.format_message()}", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        return _interrupted()
    if rc == 130:  # Typer turns a KeyboardInterrupt into this exit code
        return _interrupted()
    return rc if isinstance(rc, int) else 0


def _interrupted() -> int:
    print("interrupted", file=sys.stderr)
    return 130


def interrupted(err: BaseException) -> bool:
    """Ctrl-C, raised in Python or inside compiled code (see :func:`core.errors.interrupted`), or reported by Typer."""
    import typer

    return isinstance(err, typer.Abort) or caused_by_interrupt(err)


def usage_errors() -> tuple[type[BaseException], ...]:
    """Click's usage-error classes: Typer's vendored copy and, when installed, click's own."""
    from importlib import import_module

    found = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(import_module(module).ClickException)
        except ImportError:
            continue
    return tuple(found)


def _is_core_command(args: list[str]) -> bool:
    """Whether ``args`` name a command already registered, so a run need not import the others (~50 ms)."""
    names = {c.name for c in app.registered_commands}
    return bool(args) and args[0] in names


def _load_optional_commands() -> None:
    """Import the command modules present; each imports its extras lazily, inside the command."""
    from importlib import import_module
    from importlib.util import find_spec

    for name in COMMAND_MODULES:
        if find_spec(f"{__name__}.{name}") is not None:
            import_module(f"{__name__}.{name}")


__all__ = ["app", "main"]
