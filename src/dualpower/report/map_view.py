"""The district map a report draws: the case's own geometry, else a neutral tile layout, never another city's.

A manifest with a ``case`` entry names its districts (with an optional polygon each) and its map lines
(rivers); without one, the schematic Petrograd layout is used only when most of the run's districts are
Petrograd's, and any other set of districts is laid out as labelled tiles in a grid.
"""

from __future__ import annotations

import math
from typing import Any

from .charts import Frame
from .compact import sig
from .district_map import district_map, match

TILE_W, TILE_H, GAP, MAX_COLUMNS = 150, 80, 10, 4


def tiles(districts: list[tuple[str, str]]) -> tuple[list[dict], int, int]:
    """Equal tiles in rows of up to four: (shapes, width, height) for (key, label) pairs."""
    cols = min(MAX_COLUMNS, max(1, len(districts)))
    rows = math.ceil(len(districts) / cols)
    shapes = []
    for i, (key, name) in enumerate(districts):
        x, y = GAP + (i % cols) * (TILE_W + GAP), GAP + (i // cols) * (TILE_H + GAP)
        points = f"{x},{y} {x + TILE_W},{y} {x + TILE_W},{y + TILE_H} {x},{y + TILE_H}"
        shapes.append({"key": key, "name": name, "points": points, "cx": x + TILE_W / 2, "cy": y + TILE_H / 2})
    return shapes, GAP + cols * (TILE_W + GAP), GAP + rows * (TILE_H + GAP)


def case_shapes(case: dict[str, Any], keys: list[str]) -> tuple[list[dict], int, int, list[dict]] | None:
    """Shapes from a manifest's ``case``: its polygons when every district has one, else tiles."""
    known = {str(d.get("name")): d for d in case.get("districts") or []}
    if not known or any(k not in known for k in keys):
        return None
    polygons = [known[k].get("polygon") for k in keys]
    labelled = [(k, str(known[k].get("label") or k)) for k in keys]
    if not all(polygons):
        shapes, width, height = tiles(labelled)
        return shapes, width, height, []
    xs = [x for poly in polygons for x, _ in poly]
    ys = [y for poly in polygons for _, y in poly]
    shapes = [
        {
            "key": k,
            "name": name,
            "points": " ".join(f"{x:g},{y:g}" for x, y in poly),
            "cx": sum(x for x, _ in poly) / len(poly),
            "cy": sum(y for _, y in poly) / len(poly),
        }
        for (k, name), poly in zip(labelled, polygons)
    ]
    lines = [
        {"name": str(ln.get("name", "")), "d": "M " + " L ".join(f"{x:g} {y:g}" for x, y in ln.get("points") or [])}
        for ln in ((case.get("map") or {}).get("lines") or [])
        if ln.get("points")
    ]
    return shapes, int(max(xs) + GAP), int(max(ys) + GAP), lines


def map_view(fr: Frame, manifest: dict[str, Any]) -> dict | None:
    """Map payload: shapes, lines (rivers) and, per charted step, each district's councils and government shares."""
    councils = fr.prefixed("councils_share_")
    if not councils:
        return None
    keys = sorted(councils)
    government = fr.prefixed("government_share_")
    values = {
        "councils": [sig(fr.cols[councils[d]], 2) for d in keys],
        "government": [sig(fr.cols[government[d]], 2) if d in government else None for d in keys],
    }
    found = case_shapes(manifest.get("case") or {}, keys)
    if found is not None:
        shapes, width, height, lines = found
        return {"width": width, "height": height, "lines": lines, "districts": shapes, "schematic": not lines, **values}
    if 2 * sum(match(k) is not None for k in keys) > len(keys):
        old = district_map(fr)
        return {**old, "lines": [{"name": "Neva", "d": old.pop("river")}], "schematic": True}
    shapes, width, height = tiles([(k, k.replace("_", " ").title()) for k in keys])
    return {"width": width, "height": height, "lines": [], "districts": shapes, "schematic": True, **values}
