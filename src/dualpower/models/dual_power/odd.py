"""The ODD parameter table, generated from the parameter definitions so that it cannot drift.

Run ``python -m dualpower.models.dual_power.odd [docs/ODD.md]`` to rewrite the table between the
marker comments; ``tests/models/dual_power/test_odd.py`` fails when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ...core.params import table
from .params import DualPowerParams

START, END = "<!-- parameter-table:start -->", "<!-- parameter-table:end -->"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|")


def parameter_table() -> str:
    """The Markdown table: name, default, range, unit, source, free (the prior a calibration searches and, for a
    calibrated default, the posterior 90% interval it came from), meaning."""
    lines = ["| name | default | range | unit | source | free: prior; posterior 90% | meaning |", "|---|---|---|---|---|---|---|"]
    for row in table(DualPowerParams):
        bounds = "" if row["ge"] is None and row["le"] is None else f"[{_cell(row['ge'])}, {_cell(row['le'])}]"
        free = "" if not row["free"] else "yes" + (f" [{_cell(row['prior'][0])}, {_cell(row['prior'][1])}]" if row["prior"] else "")
        if row["posterior"]:
            free += f"; [{row['posterior'][0]:.3g}, {row['posterior'][1]:.3g}]"
        lines.append(f"| `{row['name']}` | {_cell(row['default'])} | {bounds} | {_cell(row['unit'])} | "
                     f"{_cell(row['source'])} | {free} | {_cell(row['help'])} |")
    return "\n".join(lines)


def with_table(text: str) -> str:
    """``text`` with the generated table between the markers."""
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise ValueError(f"markers {START} and {END} not found")
    return f"{head}{START}\n{parameter_table()}\n{END}{tail}"


def rewrite(path: Path) -> bool:
    """Rewrite the table in ``path``; True if the file changed."""
    old = path.read_text(encoding="utf-8")
    new = with_table(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/ODD.md")
    print(f"{target}: {'updated' if rewrite(target) else 'up to date'}")
