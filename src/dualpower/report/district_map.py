"""A schematic map of Petrograd's districts, coloured by the share loyal to each power.

Not to scale: hand-placed polygons in a 640 x 440 box keep the districts' relative positions
(north of the Neva: Vyborg, Petrograd side, Vasilievsky, Okhta; Kronstadt far out in the Gulf).
Districts the layout does not know are drawn as tiles along the bottom, so any scenario works.
"""

from __future__ import annotations

from .charts import Frame
from .compact import sig

WIDTH, HEIGHT = 640, 470
SHAPES: dict[str, tuple[tuple[str, ...], str]] = {
    "kronstadt": (("kron",), "20,150 90,140 100,165 30,178"),
    "vasilievsky": (("vasil", "vasyl"), "120,175 232,150 250,198 132,228"),
    "petrograd_side": (("petrog", "peters"), "205,82 300,70 322,140 242,150 212,130"),
    "vyborg": (("vyb",), "318,20 452,20 462,132 330,136 322,70"),
    "okhta": (("okht",), "470,58 565,58 575,172 482,168"),
    "admiralty": (("admir",), "255,204 322,188 332,228 266,238"),
    "liteiny": (("lite", "lity"), "334,172 422,160 428,222 342,228"),
    "rozhdestvensky": (("rozh",), "434,166 476,182 480,242 434,238"),
    "kazan": (("kaza",), "272,244 334,234 338,272 278,278"),
    "spassky": (("spas",), "342,232 428,228 430,282 344,278"),
    "kolomna": (("kolom",), "192,244 266,242 272,292 198,298"),
    "narva": (("narv",), "160,304 272,298 282,398 172,398"),
    "moscow": (("mosk", "mosc"), "284,288 404,288 412,398 292,398"),
    "nevsky": (("nevs", "alex"), "484,250 560,240 600,398 424,398 436,290"),
}
NEVA = "M 110 150 C 190 140 240 160 260 190 C 300 170 380 160 430 150 C 470 150 470 200 478 246"


def match(district: str) -> str | None:
    """The layout entry a district column belongs to (by name prefix), if any."""
    key = district.lower()
    for name, (prefixes, _) in SHAPES.items():
        if any(key.startswith(p) for p in prefixes):
            return name
    return None


def centroid(points: str) -> tuple[float, float]:
    """The mean vertex of a polygon, where its label goes."""
    xy = [tuple(map(float, p.split(","))) for p in points.split()]
    return round(sum(x for x, _ in xy) / len(xy), 1), round(sum(y for _, y in xy) / len(xy), 1)


def tile(i: int) -> str:
    """A square slot along the bottom edge for a district the layout does not know."""
    x, y = 20 + (i % 9) * 68, 412 + (i // 9) * 30
    return f"{x},{y} {x + 60},{y} {x + 60},{y + 24} {x},{y + 24}"


def shapes_for(districts: list[str]) -> list[dict]:
    """Polygon, label position and name of each district column."""
    out, spare = [], 0
    for d in districts:
        known = match(d)
        points = SHAPES[known][1] if known else tile(spare)
        spare += known is None
        cx, cy = centroid(points)
        out.append({"key": d, "name": d.replace("_", " ").title(), "points": points, "cx": cx, "cy": cy})
    return out


def district_map(fr: Frame) -> dict | None:
    """Map payload: shapes and, per charted step, each district's councils and government shares."""
    councils = fr.prefixed("councils_share_")
    if not councils:
        return None
    government = fr.prefixed("government_share_")
    districts = sorted(councils)
    return {
        "width": WIDTH, "height": HEIGHT, "river": NEVA,
        "districts": shapes_for(districts),
        "councils": [sig(fr.cols[councils[d]], 2) for d in districts],
        "government": [sig(fr.cols[government[d]], 2) if d in government else None for d in districts],
    }
