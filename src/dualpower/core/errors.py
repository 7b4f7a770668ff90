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


def interrupted(err: BaseException | None) -> bool:
    """Whether ``err`` is, or was caused by, Ctrl-C: Numba reports a KeyboardInterrupt raised inside
    compiled code as a SystemError ("returned a result with an exception set") caused by it."""
    seen = 0
    while err is not None and seen < 10:
        if isinstance(err, KeyboardInterrupt):
            return True
        err, seen = err.__cause__ or err.__context__, seen + 1
    return False
