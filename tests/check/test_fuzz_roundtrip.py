"""``python -m transpiler.check.fuzz --roundtrip``: fuzz programs lowered, printed as Python and run
give the programs' values; a printed IR that computes another value is reported as a failure."""
from __future__ import annotations

from transpiler.check import roundtrip
from transpiler.check.fuzz.cli import main
from transpiler.check.fuzz.outcome import FAILURES
from transpiler.check.fuzz.sweep import fuzz, summary


def test_fuzz_programs_round_trip_through_the_printed_ir():
    outcomes = fuzz(25, seed=0, roundtrip=True)
    assert not [o for o in outcomes if o.status in FAILURES], summary(outcomes)
    assert sum(o.status == "ok" for o in outcomes) >= 20


def test_a_printed_ir_computing_another_value_is_a_roundtrip_failure(monkeypatch, capsys):
    real = roundtrip.printed

    def off_by_one(f, args=()):
        function = real(f, args)
        return lambda *args, **kwargs: function(*args, **kwargs) + 1.0
    monkeypatch.setattr(roundtrip, "printed", off_by_one)
    assert main(["--show", "1", "--roundtrip", "--features", "none"]) == 1
    out = capsys.readouterr().out
    assert "ROUNDTRIP" in out and "--roundtrip" in out and "printed IR gives" in out
