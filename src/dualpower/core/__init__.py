"""The engine every model shares: parameters, seeding, the run loop, recording, results."""

from .engine import Observer, Progress, run
from .errors import InputError
from .model import Built, Metric, Model, metric
from .params import Params, param
from .recorder import Recorder
from .schema import Schema
from .results import Results, read_results
from .rng import make_rng, seed_sequence, spawn

__all__ = [
    "Built",
    "Metric",
    "Observer",
    "Progress",
    "metric",
    "InputError",
    "Model",
    "Params",
    "Recorder",
    "Results",
    "Schema",
    "make_rng",
    "param",
    "read_results",
    "run",
    "seed_sequence",
    "spawn",
]
