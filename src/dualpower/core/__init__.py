"""The engine every model shares: parameters, seeding, the run loop, recording, results."""

from .engine import run
from .errors import InputError
from .model import Model
from .params import Params, param
from .recorder import Recorder
from .results import Results, read_results
from .rng import make_rng, seed_sequence, spawn

__all__ = [
    "InputError",
    "Model",
    "Params",
    "Recorder",
    "Results",
    "make_rng",
    "param",
    "read_results",
    "run",
    "seed_sequence",
    "spawn",
]
