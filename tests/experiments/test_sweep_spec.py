"""Spec parsing and validation: bad input fails with one line, exit code 2, before any run."""

import pytest
from exp_toys import write_scenario, write_spec

from dualpower.cli import main
from dualpower.core import InputError
from dualpower.experiments import load_spec, plan_experiment
from dualpower.experiments.design import points
from dualpower.experiments.spec import parse_condition, stepped


def test_stepped_range_is_inclusive_and_free_of_float_noise():
    assert stepped(0.1, 0.1, 0.5, "s", "f") == (0.1, 0.2, 0.3, 0.4, 0.5)
    assert stepped(10, -5, 0, "s", "f") == (10, 5, 0)


def test_factorial_is_crossed_with_the_sample(tmp_path):
    spec = load_spec(
        write_spec(tmp_path, '[vary]\nsize = [2, 3]\n[sample]\nmethod = "lhs"\nn = 4\nbounds = {rate = [0.0, 2.0]}\n')
    )
    pts = points(spec)
    assert len(pts) == 8 and [p["size"] for p in pts[:5]] == [2, 2, 2, 2, 3]
    assert all(0 <= p["rate"] <= 2 for p in pts)


def test_sampled_integer_parameters_are_rounded(tmp_path):
    spec = load_spec(write_spec(tmp_path, "[sample]\nn = 8\nbounds = {size = [1, 9]}\n"))
    assert all(isinstance(p["size"], int) for p in plan_experiment(spec).points)


def test_condition_is_parsed_not_evaluated():
    c = parse_condition("level >= 2.5")
    assert c.holds({"level": 3}) and not c.holds({"level": 2})
    with pytest.raises(InputError, match="expected 'metric op number'"):
        parse_condition("__import__('os').system('true')")


@pytest.mark.parametrize(
    "body, needle",
    [
        ("[vary]\nspeed = [1, 2]\n", "vary.speed: unknown parameter"),
        ("[vary]\nrate = []\n", "vary.rate: empty list of values"),
        ("[vary]\nrate = {first = 1, step = 0, last = 3}\n", "vary.rate: step must not be 0"),
        ("[vary]\nrate = {first = 3, step = 1, last = 1}\n", "vary.rate: empty range"),
        ("[vary]\nrate = [1, 500]\n", "rate: Input should be less than or equal to 100"),
        ('[metrics]\nkeep = ["level", "wealth"]\n', "metrics.keep: the model records no metric 'wealth'"),
        ('[stop]\nwhen = "wealth > 3"\n', "stop.when: the model records no metric 'wealth'"),
        ('[stop]\nwhen = "level > os.system"\n', "stop.when: cannot read"),
        ("[sample]\nn = 4\nbounds = {rate = [2, 1]}\n", "sample.bounds.rate: must be [low, high]"),
        ('[sample]\nmethod = "magic"\nn = 4\nbounds = {rate = [1, 2]}\n', "sample.method: unknown method"),
        ("repetitions = 0\n", "repetitions: must be an integer >= 1"),
        ("colour = 1\n", "colour: unknown key"),
    ],
)
def test_bad_spec_exits_2_with_one_line_before_any_run(tmp_path, capsys, body, needle):
    spec = write_spec(tmp_path, body)
    rc = main(["sweep", str(spec), "--out", str(tmp_path / "out"), "--executor", "serial"])
    err = capsys.readouterr().err
    assert rc == 2 and needle in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_exits_2(tmp_path, capsys):
    spec = write_spec(tmp_path, "")
    rc = main(
        ["sweep", str(spec), "--out", str(tmp_path / "out"), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "cannot reach the Dask scheduler" in err
    assert not (tmp_path / "out").exists()


def test_the_scheduler_is_given_a_connection_deadline():
    from dualpower.experiments.executors import CONNECT_TIMEOUT_S, _connect

    asked = {}

    def client(address, **kwargs):
        asked.update(kwargs, address=address)
        raise TimeoutError("timed out")

    with pytest.raises(InputError, match="cannot reach the Dask scheduler: timed out"):
        _connect(client, "tcp://10.0.0.1:8786")
    assert asked == {"address": "tcp://10.0.0.1:8786", "timeout": CONNECT_TIMEOUT_S} and CONNECT_TIMEOUT_S <= 10


def test_folder_of_another_experiment_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    spec = write_spec(tmp_path, "seed = 1\n")
    assert main(["sweep", str(spec), "--out", str(out), "--executor", "serial"]) == 0
    assert main(["sweep", str(spec), "--out", str(out), "--executor", "serial"]) == 2
    assert "pass --resume" in capsys.readouterr().err
    write_spec(tmp_path, "seed = 2\n")
    assert main(["sweep", str(spec), "--out", str(out), "--executor", "serial", "--resume"]) == 2
    assert "holds a different experiment" in capsys.readouterr().err


def test_scenario_path_is_relative_to_the_spec(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    write_scenario(sub)
    spec = sub / "spec.toml"
    spec.write_text('scenario = "counter.toml"\n')
    assert plan_experiment(load_spec(spec)).scenario.name == "counter"
