"""Reading a run's metrics schema and case from its manifest: what readers use instead of column names."""

from __future__ import annotations

from typing import Any


class Schema:
    """The declared metrics (``manifest["metrics"]``) and the case (``manifest["case"]``) of one run."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.metrics: list[dict[str, Any]] = list(manifest.get("metrics") or [])
        self.case: dict[str, Any] = dict(manifest.get("case") or {})
        self.by_name = {m["name"]: m for m in self.metrics}

    def family(self, family: str) -> dict[str, str]:
        """``{member: column}`` of one family (``seats`` gives each party's seats column), in declared order."""
        return {m["member"]: m["name"] for m in self.metrics if m["family"] == family and m.get("member") is not None}

    def kind(self, column: str) -> str | None:
        """The declared kind of a column (``share``, ``count``, ``level``, ``code``, ``time``), or None."""
        return (self.by_name.get(column) or {}).get("kind")

    def members(self, key: str) -> list[dict[str, Any]]:
        """The case's ``parties``, ``districts`` or ``classes`` (empty without a case)."""
        return list(self.case.get(key) or [])

    def member(self, key: str, name: str) -> dict[str, Any]:
        """One party, district or class of the case by name (empty when unknown)."""
        return next((m for m in self.members(key) if m["name"] == name), {})

    def label(self, key: str, name: str) -> str:
        """The case's label of a party, district or class, else its name."""
        return self.member(key, name).get("label") or name

    def bloc(self, bloc: str) -> list[str]:
        """Names of the case's parties in a bloc (``radical``, ``moderate``, ``liberal``, ``right``)."""
        return [p["name"] for p in self.members("parties") if p.get("bloc") == bloc]
