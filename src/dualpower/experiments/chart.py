"""A self-contained SVG bar chart with error bars (no plotting library needed)."""

from __future__ import annotations

from html import escape

COLOURS = ("#b22222", "#4a6fa5", "#6a994e", "#bc8a5f")
ROW, BAR, LEFT, WIDTH = 34, 12, 140, 420


def bar_chart(labels: list[str], series: dict[str, tuple[list[float], list[float]]], title: str) -> str:
    """Horizontal grouped bars, one group per label, one bar per series (value, error half-width)."""
    peak = max([v + e for vals, errs in series.values() for v, e in zip(vals, errs)] + [1e-12])
    scale = WIDTH / peak
    height = 60 + ROW * len(labels) + 20 * len(series)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 40}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, label in enumerate(labels):
        y = 40 + i * ROW
        parts.append(f'<text x="{LEFT - 8}" y="{y + BAR}" text-anchor="end">{escape(label)}</text>')
        for j, (vals, errs) in enumerate(series.values()):
            parts += _bar(y + j * (BAR + 1), vals[i], errs[i], scale, COLOURS[j % len(COLOURS)])
    parts += _legend(list(series), 50 + ROW * len(labels))
    parts.append("</svg>")
    return "\n".join(parts)


def _bar(y: float, value: float, err: float, scale: float, colour: str) -> list[str]:
    """One bar (negative values drawn as zero width) and its error whisker."""
    w = max(value, 0.0) * scale
    lo, hi = LEFT + max(value - err, 0.0) * scale, LEFT + (value + err) * scale
    mid = y + BAR / 2
    return [
        f'<rect x="{LEFT}" y="{y:.1f}" width="{w:.1f}" height="{BAR}" fill="{colour}">'
        f"<title>{value:.4g} ± {err:.3g}</title></rect>",
        f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{mid:.1f}" y2="{mid:.1f}" stroke="black"/>',
    ]


def _legend(names: list[str], y: float) -> list[str]:
    out = []
    for j, name in enumerate(names):
        yy = y + 18 * j
        out.append(f'<rect x="{LEFT}" y="{yy}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>')
        out.append(f'<text x="{LEFT + 16}" y="{yy + 9}">{escape(name)}</text>')
    return out
