"""`dualpower calibrate`: bad input is one line on stderr and exit code 2, before any simulation."""

import pytest

from dualpower.cli import main


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--method", "mcmc"], "unknown method"),
        (["--budget", "0"], "must be >= 1"),
        (["--executor", "cloud"], "unknown executor"),
        (["--leave-out", "no-such-target"], "unknown target"),
        (["--resume"], "no abc.db to resume"),
        (["--scale", "0.5"], "has no scale parameter"),
    ],
)
def test_bad_options_exit_2_with_one_line(coin_scenario, coin_targets, tmp_path, capsys, extra, needle):
    rc = main(["calibrate", str(coin_scenario), "--targets", str(coin_targets), "--out", str(tmp_path / "o"), *extra])
    err = capsys.readouterr().err
    assert rc == 2
    assert needle in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o" / "abc.db").exists()


def test_bad_targets_file_exits_2(coin_scenario, tmp_path, capsys):
    bad = tmp_path / "t.toml"
    bad.write_text('[[target]]\nid = "x"\nkind = "election"\nconfidence = "A"\n')
    rc = main(["calibrate", str(coin_scenario), "--targets", str(bad), "--out", str(tmp_path / "o")])
    assert rc == 2 and "'x'" in capsys.readouterr().err


def test_unknown_scenario_exits_2(coin_targets, tmp_path, capsys):
    rc = main(["calibrate", "atlantis-1917", "--targets", str(coin_targets), "--out", str(tmp_path / "o")])
    assert rc == 2 and "unknown scenario" in capsys.readouterr().err
