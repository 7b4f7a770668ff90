"""Granovetter's (1978) threshold model of collective behaviour on the dualpower engine."""

from .model import Granovetter, GranovetterParams

__all__ = ["Granovetter", "GranovetterParams"]
