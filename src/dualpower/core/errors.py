"""Errors raised for bad input: the shell turns them into one line and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input, named by where it came from, which field, and why.

    Args:
        source: the file, option or request the input came from (e.g. ``--set``).
        field: the dotted name of the offending field.
        reason: a short human-readable reason.
    """

    def __init__(self, source: str, field: str, reason: str) -> None:
        self.source, self.field, self.reason = str(source), str(field), str(reason)
        super().__init__(self.line)

    def __reduce__(self):
        """Keep the three fields when the error crosses a process boundary (pools, clusters)."""
        return (type(self), (self.source, self.field, self.reason))

    @property
    def line(self) -> str:
        """The one-line message shown to users."""
        parts = [p for p in (self.source, self.field) if p]
        return ": ".join(parts + [self.reason])
