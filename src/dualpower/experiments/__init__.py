"""Experiments: sweeps, ensembles and sensitivity analyses on any ``concurrent.futures.Executor``."""

from .ensemble import ensemble, ensemble_spec, summarise, wilson
from .executors import ExecutorOptions, SerialExecutor, dask_executor, local_pool
from .plan import Plan, plan_experiment
from .runner import FAILED, SUCCEEDED
from .sensitivity import Analysis, sensitivity
from .simulator import ScalarSimulator, scalar_simulator, simulate
from .spec import ExperimentSpec, Metrics, Output, Sample, Stop, load_spec, parse_spec
from .sweep import SweepReport, sweep

__all__ = [
    "FAILED",
    "SUCCEEDED",
    "Analysis",
    "ExecutorOptions",
    "ExperimentSpec",
    "Metrics",
    "Output",
    "Plan",
    "Sample",
    "ScalarSimulator",
    "SerialExecutor",
    "Stop",
    "SweepReport",
    "dask_executor",
    "ensemble",
    "ensemble_spec",
    "load_spec",
    "local_pool",
    "parse_spec",
    "plan_experiment",
    "scalar_simulator",
    "sensitivity",
    "simulate",
    "summarise",
    "sweep",
    "wilson",
]
