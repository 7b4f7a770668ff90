"""The dual-power model: a government and councils compete for the obedience of one population."""

from .model import DualPower
from .params import DualPowerParams

__all__ = ["DualPower", "DualPowerParams"]
