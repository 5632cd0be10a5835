"""In CI (CI=true) a test that cannot run fails; elsewhere it may skip."""

import os
import subprocess
import sys

import pytest


def test_probe_that_cannot_run_when_told():
    if os.environ.get("SKIP_PROBE") == "1":
        pytest.skip("the probe was told it cannot run")


@pytest.mark.parametrize(
    ("ci", "code", "says"),
    [("true", 1, "In CI a test that cannot run fails"), ("", 0, "1 skipped")],
)
def test_a_skip_is_a_failure_in_ci_only(ci, code, says):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            f"{__file__}::test_probe_that_cannot_run_when_told",
        ],
        env={**os.environ, "CI": ci, "SKIP_PROBE": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == code, result.stdout
    assert says in result.stdout
