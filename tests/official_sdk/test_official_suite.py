"""The official wallee Python SDK's own test suite, run unchanged against a fresh Paystead sandbox.

wallee runs that one suite, in every SDK language, against a live test space, so its assertions
record what the real platform does. The harness downloads the 6.4.0 source distribution from the
package index (its files are never stored here), checks its hash, prepares in a fresh sandbox
the fixtures the suite assumes its space to hold, adds the two helper modules wallee keeps out
of the distribution (our own, in suite_files/) and runs the distribution's `tests/` with pytest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, running_server, sdk_config
from tests.official_sdk.sandbox import prepare_sandbox

SDIST = "wallee-6.4.0.tar.gz"
SDIST_SHA256 = "f53eb419f5422f8dba69a2c6da999073d9f93d3c98910ffa0f80d53302e5b0d6"
EXPECTED_TESTS = 59
# The sandbox's history starts before the dates the suite's queries name.
SANDBOX_CLOCK_START = "2026-01-05T09:00:00Z"
SUITE_FILES = Path(__file__).parent / "suite_files"


def _download_sdist(cache_dir: Path) -> Path:
    import hashlib

    archive = cache_dir / SDIST
    if not archive.exists():
        download_dir = cache_dir / f"download-{os.getpid()}"
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--dest", str(download_dir), "wallee==6.4.0"], check=True, capture_output=True, timeout=300)
        (download_dir / SDIST).replace(archive)  # atomic, so that parallel workers never read half a file
        shutil.rmtree(download_dir, ignore_errors=True)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert digest == SDIST_SHA256, f"{SDIST} from the package index is not the published 6.4.0 ({digest})"
    return archive


@pytest.fixture(scope="module")
def official_suite(request, tmp_path_factory) -> Path:
    """The distribution's tests/ folder with our constants.py, utils.py and conftest.py beside it."""
    archive = _download_sdist(Path(request.config.cache.mkdir("wallee-sdist")))
    unpacked = tmp_path_factory.mktemp("wallee-sdist")
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("wallee-6.4.0/tests/") and m.isfile()]
        tar.extractall(unpacked, members=members, filter="data")
    suite = unpacked / "wallee-6.4.0" / "tests"
    assert len(list(suite.glob("test_*.py"))) == 6, "the 6.4.0 distribution holds six test modules"
    shutil.copy(SUITE_FILES / "constants.py", suite / "constants.py")
    shutil.copy(SUITE_FILES / "utils.py", suite / "utils.py")
    shutil.copy(SUITE_FILES / "sandbox_conftest.py", suite / "conftest.py")
    (suite / "pytest.ini").write_text("[pytest]\n")  # keeps the suite's rootdir, and our options, to itself
    return suite


def _run_suite(suite: Path, sandbox: dict, report: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PAYSTEAD_"))}
    env["PAYSTEAD_OFFICIAL_SUITE_SANDBOX"] = json.dumps(sandbox)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           f"--junitxml={report}", str(suite)],
                          cwd=suite, env=env, capture_output=True, text=True, timeout=600)


def _outcomes(report: Path) -> dict[str, str]:
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        problem = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
        outcomes[name] = "passed" if problem is None else f"{problem.tag}: {_essence(problem)}"
    return outcomes


def _essence(problem: ElementTree.Element) -> str:
    """The first line of the failure and, for an API error, the response body that explains it."""
    message = problem.get("message", "")
    lines = [message.splitlines()[0] if message else ""]
    lines += [line.strip()[:400] for line in (problem.text or "").splitlines() if "HTTP response body" in line][:1]
    return " | ".join(lines)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_official_sdk_suite_passes_unchanged(backend, official_suite, tmp_path_factory, tmp_path):
    with running_server(backend, tmp_path_factory, clock_start=SANDBOX_CLOCK_START) as server:
        sandbox = prepare_sandbox(server, sdk_config(server, server.credentials), server.credentials)
        result = _run_suite(official_suite, sandbox, tmp_path / "report.xml")
        assert (tmp_path / "report.xml").exists(), f"the suite did not run:\n{result.stdout}\n{result.stderr}"
        outcomes = _outcomes(tmp_path / "report.xml")
        not_passed = {name: outcome for name, outcome in outcomes.items() if outcome != "passed"}
        assert not_passed == {}, "\n".join(f"{name}: {outcome}" for name, outcome in sorted(not_passed.items()))
        assert len(outcomes) == EXPECTED_TESTS, f"{len(outcomes)} tests ran, the 6.4.0 suite has {EXPECTED_TESTS}"
        assert result.returncode == 0, result.stdout[-3000:]
