"""dualpower: agent-based simulation of dual power, two rival authorities over one population."""

from importlib.metadata import PackageNotFoundError, version

from .api import simulate
from .core import InputError, Model, Params, Results, read_results, run
from .scenarios import Scenario, builtin_names, load

try:
    __version__ = version("dualpower")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "InputError",
    "Model",
    "Params",
    "Results",
    "Scenario",
    "__version__",
    "builtin_names",
    "load",
    "read_results",
    "run",
    "simulate",
]
