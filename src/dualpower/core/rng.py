"""SPEC 7 seeding: one SeedSequence per experiment, one Generator per run."""

from __future__ import annotations

import numpy as np

SeedLike = int | np.random.SeedSequence | None


def seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    """Return a SeedSequence; ``None`` draws fresh entropy from the OS (recorded in manifests)."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and (not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.SeedSequence(None if seed is None else int(seed))


def make_rng(seed: SeedLike) -> np.random.Generator:
    """The single Generator a run draws from (PCG64, which Numba kernels accept too)."""
    return np.random.Generator(np.random.PCG64(seed_sequence(seed)))


def spawn(seed: SeedLike, n: int) -> list[np.random.SeedSequence]:
    """Independent child sequences for ``n`` replications of one experiment."""
    return seed_sequence(seed).spawn(n)


def describe(ss: np.random.SeedSequence) -> dict:
    """What a manifest records so a run can be recreated exactly."""
    return {
        "entropy": str(ss.entropy),
        "spawn_key": list(ss.spawn_key),
        "bit_generator": "PCG64",
        "numpy": np.__version__,
    }
