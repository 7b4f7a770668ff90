"""The civil-violence lattice as an animation: each step's cells, packed small enough for a self-contained page.

Frames are cell codes (0 empty, 1 quiet, 2 active, 3 jailed, 4 cop). Each frame is stored as its change
from the previous one (mod 5), three cells per byte, deflated and base64-encoded; ``render.js`` inflates
it with the browser's DecompressionStream. When every step would not fit ``BUDGET`` characters, every
k-th step is kept, with k as small as fits, and the page says so.
"""

from __future__ import annotations

import base64
import zlib
from pathlib import Path

import numpy as np

from .data import read_parquet

GRID = "grid.parquet"
BUDGET = 120_000
STATES = 5


def read_grid(folder: Path) -> np.ndarray | None:
    """The recorded lattice snapshots of a run folder as a (frames, cells) uint8 array, if it has them."""
    path = folder / GRID
    if not path.is_file():
        return None
    cells = read_parquet(path).column("cells").to_pylist()
    if not cells or len({len(c) for c in cells}) != 1:
        return None
    return np.frombuffer("".join(cells).encode("ascii"), dtype=np.uint8).reshape(len(cells), -1) - ord("0")


def encode(frames: np.ndarray) -> str:
    """Deltas mod 5, packed three cells per byte (base 5), deflated, base64."""
    delta = frames.astype(np.int16)
    delta[1:] = (delta[1:] - delta[:-1]) % STATES
    flat = delta.astype(np.uint8).reshape(-1)
    padded = np.zeros(-(-flat.size // 3) * 3, dtype=np.uint8)
    padded[: flat.size] = flat
    triples = padded.reshape(-1, 3)
    packed = (triples[:, 0] * 25 + triples[:, 1] * 5 + triples[:, 2]).astype(np.uint8)
    return base64.b64encode(zlib.compress(packed.tobytes(), 9)).decode("ascii")


def grid_view(frames: np.ndarray | None, width: int, height: int, steps) -> dict | None:
    """The animation payload: size, kept steps and packed frames within ``BUDGET`` characters."""
    if frames is None or frames.shape[1] != width * height:
        return None
    for stride in range(1, frames.shape[0] + 1):
        keep = np.arange(0, frames.shape[0], stride)
        data = encode(frames[keep])
        if len(data) <= BUDGET:
            return {
                "width": width,
                "height": height,
                "steps": [int(steps[i]) for i in keep],
                "stride": stride,
                "data": data,
            }
    return None
