"""Write the self-contained HTML page: plotly.js, the renderer and the data inlined, no network."""

from __future__ import annotations

import functools
import html
import json
from importlib import resources
from typing import Any

ASSETS = resources.files(__package__) / "assets"


@functools.lru_cache(maxsize=1)
def plotly_js() -> str:
    """The minified plotly.js shipped inside the plotly package (read once per process)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def asset(name: str) -> str:
    """A file from ``report/assets`` (the renderer and its style sheet)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def compact(source: str) -> str:
    """An asset without indentation and whole-line comments (a few kB less in every report)."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def to_json(payload: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(payload, separators=(",", ":"), allow_nan=False, default=str)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def html_page(payload: dict) -> str:
    """The complete page for a report payload."""
    title = html.escape(payload.get("title", "dualpower report"))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{title}</title><style>{compact(asset('report.css'))}</style>"
        f"<script>{plotly_js()}</script><script>{compact(asset('render.js'))}</script></head>"
        "<body><main id=\"report\" class=\"report\"></main>"
        f"<script type=\"application/json\" id=\"payload\">{to_json(payload)}</script>"
        "<script>DualpowerReport.render(JSON.parse(document.getElementById('payload').textContent),"
        " document.getElementById('report'));</script></body></html>\n"
    )


