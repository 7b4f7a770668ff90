"""What makes a routine incident (a clash, a closure) an entry in the events table.

Daily counts of clashes and closures go to the time series; the events table keeps what a
chronicle would: the first incident of a wave, and incidents large enough to stand on their own.
"""

from __future__ import annotations

WAVE_GAP = 14
"""Days without an incident of the kind after which the next one opens a new wave."""
LARGE = {"clash": 10.0, "closure": 5000.0}
"""Size (real dead; real workers laid off) at which a single day's incident is an event by itself."""


def newsworthy(kind: str, day: int, last_day: int, size: float) -> bool:
    """Whether today's incident of ``kind`` (``size`` in real units) opens a wave or is large."""
    return day - last_day > WAVE_GAP or size >= LARGE[kind]
