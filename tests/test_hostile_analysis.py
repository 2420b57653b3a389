"""Hostile use of the analysis: documents that are slow to analyse finish or are refused
within the time limit, in one line; the limit itself is checked on a tiny function."""

from __future__ import annotations

import time

import pytest

from hostile_support import federal_row_repeated, many_numbered_items, run_cli
from pqassist.errors import TooSlow
from pqassist.analysis.timelimit import ANALYSIS_SECONDS, call_with_limit, default_seconds

BOUND = 15  # seconds: finish or refuse, process start included (the bound)


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "klaar"


def _swallowing(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            _spin(0.01)
        except Exception:  # work that swallows errors must still stop
            pass
    return "klaar"


def test_the_limit_stops_work_and_lets_quick_work_through():
    assert call_with_limit(_spin, 0.01, seconds=2) == "klaar"
    start = time.monotonic()
    with pytest.raises(TooSlow, match="langer dan 0,3 s") as caught:
        call_with_limit(_swallowing, 30, seconds=0.3)
    assert time.monotonic() - start < 5
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


def test_the_child_process_fallback_kills_slow_work(monkeypatch):
    from pqassist.analysis import timelimit

    monkeypatch.setattr(timelimit, "can_interrupt", lambda: False)
    assert call_with_limit(_spin, 0.01, seconds=30) == "klaar"
    start = time.monotonic()
    with pytest.raises(TooSlow):
        call_with_limit(_spin, 60, seconds=1)
    assert time.monotonic() - start < 10


def test_default_limit_and_environment(monkeypatch):
    monkeypatch.delenv("PQASSIST_TIME_LIMIT", raising=False)
    assert default_seconds() == ANALYSIS_SECONDS
    monkeypatch.setenv("PQASSIST_TIME_LIMIT", "2,5")
    assert default_seconds() == ANALYSIS_SECONDS  # not a number: the default
    monkeypatch.setenv("PQASSIST_TIME_LIMIT", "2.5")
    assert default_seconds() == 2.5


@pytest.mark.slow
def test_20000_numbered_items_finish_or_are_refused_in_time(tmp_path):
    path = many_numbered_items(tmp_path / "twintigduizend.txt")
    outcome = run_cli("analyse", str(path), "--json", timeout=120)
    assert outcome.code == 0 or outcome.refused_in_one_line(), outcome
    if outcome.code == 2:
        assert "duurde langer dan" in outcome.lines[0]
    assert outcome.seconds < BOUND, outcome.seconds


@pytest.mark.slow
def test_a_federal_row_repeated_800_times_finishes_or_is_refused_in_time(tmp_path):
    path = federal_row_repeated(tmp_path / "herhaald.jsonl")
    outcome = run_cli("analyse", f"{path}#herhaald", "--json", timeout=120)
    assert outcome.code == 0 or outcome.refused_in_one_line(), outcome
    assert outcome.seconds < BOUND, outcome.seconds


def test_a_short_limit_refuses_in_one_line(tmp_path):
    path = many_numbered_items(tmp_path / "veel.txt", count=3000)
    outcome = run_cli("analyse", str(path), "--time-limit", "0.5", timeout=60)
    assert outcome.refused_in_one_line(), outcome
    assert "langer dan 0,5 s" in outcome.lines[0]


@pytest.mark.slow
def test_a_2_8_mb_pair_under_the_size_limit_finishes_or_is_refused_in_time(tmp_path):
    path = federal_row_repeated(tmp_path / "groot.jsonl", times=6000)
    assert 2.5e6 < path.stat().st_size < 3e6
    outcome = run_cli("analyse", f"{path}#herhaald", "--json", timeout=120)
    assert outcome.code == 0 or outcome.refused_in_one_line(), outcome
    assert outcome.seconds < BOUND, outcome.seconds
