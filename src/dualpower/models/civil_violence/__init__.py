"""Epstein's (2002) civil-violence Model I, in the paper's, NetLogo's and Mesa's variants."""

from .model import CivilViolence
from .params import CivilViolenceParams

__all__ = ["CivilViolence", "CivilViolenceParams"]
