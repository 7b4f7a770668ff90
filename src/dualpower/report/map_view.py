"""The district map a report draws: the case's own geometry, else a neutral tile layout, never another city's.

Outlines and lines (a river) come from the case's data (``manifest["case"]``). Districts without an
outline are drawn as neutral tiles: a grid over the whole box when the case has no geometry, a row
along the bottom for the few an outline set leaves out.
"""

from __future__ import annotations

import math

from ..core import Schema
from .charts import Frame
from .compact import sig

WIDTH, HEIGHT = 640, 470
PLAN = 400
"""Height of the part of the box outlines use; below it go tiles of districts without one."""


def centroid(points: list[list[float]]) -> tuple[float, float]:
    """The mean vertex of a polygon, where its label goes."""
    return round(sum(x for x, _ in points) / len(points), 1), round(sum(y for _, y in points) / len(points), 1)


def rect(x: float, y: float, w: float, h: float) -> list[list[float]]:
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]


def row_tile(i: int) -> list[list[float]]:
    """A slot along the bottom edge for a district the case gives no outline."""
    return rect(20 + (i % 9) * 68, PLAN + 12 + (i // 9) * 30, 60, 24)


def grid_tile(i: int, n: int) -> list[list[float]]:
    """Cell ``i`` of a neutral grid of ``n`` tiles filling the box."""
    cols = max(1, math.ceil(math.sqrt(n * WIDTH / HEIGHT)))
    rows = math.ceil(n / cols)
    w, h = (WIDTH - 20) / cols, (HEIGHT - 20) / rows
    return rect(10 + (i % cols) * w + 4, 10 + (i // cols) * h + 4, w - 8, h - 8)


def svg_points(points: list[list[float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def shapes_for(districts: list[str], sch: Schema) -> list[dict]:
    """Polygon, label position and name of each district."""
    outlines = {d: sch.member("districts", d).get("polygon") for d in districts}
    gridded = not any(outlines.values())
    out, spare = [], 0
    for i, d in enumerate(districts):
        points = outlines[d] or (grid_tile(i, len(districts)) if gridded else row_tile(spare))
        spare += outlines[d] is None
        cx, cy = centroid(points)
        out.append({"key": d, "name": sch.label("districts", d), "points": svg_points(points), "cx": cx, "cy": cy})
    return out


def lines_of(sch: Schema) -> list[dict]:
    """The case's map lines (rivers) as SVG paths."""
    lines = (sch.case.get("map") or {}).get("lines") or []
    return [
        {"name": str(ln.get("name", "")), "d": "M " + " L ".join(f"{x:g} {y:g}" for x, y in ln["points"])}
        for ln in lines
        if ln.get("points")
    ]


def map_view(fr: Frame, sch: Schema) -> dict | None:
    """Map payload: shapes, lines and, per charted step, each district's councils and government shares."""
    councils = {d: c for d, c in sch.family("councils_share").items() if fr.has(c)}
    if not councils:
        return None
    government = sch.family("government_share")
    districts = list(councils)
    outlined = any(sch.member("districts", d).get("polygon") for d in districts)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines_of(sch) if outlined else [],
        "districts": shapes_for(districts, sch),
        "schematic": not outlined,
        "councils": [sig(fr.cols[councils[d]], 2) for d in districts],
        "government": [sig(fr.cols[government[d]], 2) if fr.has(government.get(d, "")) else None for d in districts],
    }
