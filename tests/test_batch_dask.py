"""`ingest batch --scheduler`: a Dask cluster gives the local output, survives a dead worker,
and fails in one line when it cannot be used."""

from __future__ import annotations

import gzip
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.batch import Options, run_batch
from ingest.batch._progress import QuietReporter
from ingest.cli import app
from tests.test_batch_cli import listicle, make_folder, run, tree, write_warc

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]


def local_cluster() -> distributed.LocalCluster:
    """Two worker processes (each behind a nanny), one thread each, all on 127.0.0.1."""
    return distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with local_cluster() as started:
        yield started


def make_inputs(root: Path) -> list[str]:
    """Pages in folders (plain, .gz, broken, two with one output name), WARCs between them
    (one with a broken record, one not a WARC at all), a missing path."""
    make_folder(root / "in")
    for n in range(14):
        (root / "in" / "more" / f"page{n:02d}.html").parent.mkdir(exist_ok=True)
        (root / "in" / "more" / f"page{n:02d}.html").write_bytes(listicle(20 + n))
    (root / "in" / "more" / "z.html.gz").write_bytes(gzip.compress(listicle(99)))
    (root / "in" / "more" / "z.htm").write_bytes(listicle(98))
    write_warc(root / "in" / "more" / "m.warc.gz", 3)
    (root / "in" / "more" / "n.warc.gz").write_bytes(gzip.compress(b"not a WARC record\n"))
    write_warc(root / "crawl.warc.gz", 6)
    return [str(root / "in"), str(root / "crawl.warc.gz"), str(root / "missing")]


def test_the_cluster_plan_is_the_local_plan(tmp_path: Path) -> None:
    from ingest.batch import plan_units
    from ingest.batch._dask import WarcFile, plan_for_cluster, scan_warc

    inputs = make_inputs(tmp_path)
    cluster_plan = []
    for item in plan_for_cluster(inputs):
        cluster_plan += scan_warc(item.found) if isinstance(item, WarcFile) else [item]
    assert cluster_plan == list(plan_units(inputs))


def test_cluster_output_equals_local_output_byte_for_byte(
        cluster: distributed.LocalCluster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = make_inputs(tmp_path)
    local_code, _ = run([*inputs, "-o", str(tmp_path / "local"), "-j", "2"])
    monkeypatch.setenv("INGEST_SCHEDULER", cluster.scheduler_address)
    code, output = run([*inputs, "-o", str(tmp_path / "dask")])
    assert code == local_code == 1, output  # the broken inputs
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    pages = (tmp_path / "dask" / "pages.jsonl").read_bytes().splitlines()
    assert len(pages) == len(set(pages)) == 3 + 15 + 3 + 6
    errors = [json.loads(e)["error"] for e in (tmp_path / "dask" / "errors.jsonl").open()]
    assert sorted(errors) == ["EmptyDocumentError", "EmptyDocumentError", "EmptyDocumentError",
                              "NotHTMLError", "OutputCollision", "SourceError", "SourceError"]
    assert f"Dask scheduler {cluster.scheduler_address}: 2 workers, 2 threads" in output
    assert "dashboard http://127.0.0.1:" in output
    assert "27 pages, 27 listicles" in output and "7 errors" in output
    assert "(and 3 WARC scans) on 2 workers" in output

    code, output = run([*inputs, "-o", str(tmp_path / "dask")])  # resumes on the cluster too
    assert code == 1 and "0 extracted, 27 already up to date" in output
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


def test_the_client_does_not_read_warc_files(
        cluster: distributed.LocalCluster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the client read a WARC file")

    for name in ("ingest.warc.warc_ranges", "ingest.batch._plan.warc_ranges",
                 "ingest.warc.iter_warc_pages", "ingest.batch._worker.iter_warc_pages"):
        monkeypatch.setattr(name, no_reading)
    write_warc(tmp_path / "crawl.warc.gz", 70)  # two ranges of records
    code, output = run([str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "out"),
                        "--scheduler", cluster.scheduler_address])
    assert code == 1, output  # the broken record
    assert len((tmp_path / "out" / "pages.jsonl").read_text().splitlines()) == 70
    assert "Dask: 2 tasks (and 1 WARC scan) on" in output  # a task per range of records


def test_relative_paths_are_resolved_for_the_workers(
        cluster: distributed.LocalCluster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    for n in range(5):
        (tmp_path / "in" / f"p{n}.html").write_bytes(listicle(n))
    monkeypatch.chdir(tmp_path)
    code, output = run(["in", "-o", "out", "--scheduler", cluster.scheduler_address, "-q"])
    assert code == 0 and output == ""
    record = json.loads((tmp_path / "out" / "p3.json").read_text())
    assert record["source"]["path"] == str(tmp_path / "in" / "p3.html")
    assert len((tmp_path / "out" / "pages.jsonl").read_text().splitlines()) == 5


def test_ctrl_c_keeps_what_is_done_and_a_rerun_finishes(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    # Enough pages that the tasks in flight when Ctrl-C lands cannot finish the run.
    pages = 400
    for n in range(pages):
        (src / f"page{n:03d}.html").write_bytes(listicle(n, entries=12))
    run_batch([str(src)], tmp_path / "local", Options(), jobs=2, reporter=QuietReporter())
    out = tmp_path / "dask"
    command = [sys.executable, "-m", "ingest.cli", "batch", str(src), "-o", str(out), "-q",
               "--scheduler", cluster.scheduler_address]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen(command, env=env)
    parts = out / ".ingest" / "parts"
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        if parts.is_dir() and sum(1 for _ in parts.rglob("*.jsonl")) >= 10:
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.01)
    assert proc.wait(timeout=30) == 130
    done = (out / "pages.jsonl").read_bytes().splitlines()
    assert 0 < len(done) < pages and len(set(done)) == len(done)
    assert json.loads((out / ".ingest" / "manifest.json").read_text())["complete"] is False
    assert subprocess.run(command, env=env, timeout=60).returncode == 0
    assert tree(out) == tree(tmp_path / "local")


def test_a_worker_killed_mid_run_loses_no_page_and_writes_none_twice(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    expected = 320  # enough pages that the run is still going when the kill is aimed
    for n in range(expected):
        (src / f"page{n:03d}.html").write_bytes(listicle(n, entries=12))
    options = Options()
    run_batch([str(src)], tmp_path / "local", options, jobs=2, reporter=QuietReporter())

    from ingest.batch._dask import run_batch_dask

    out = tmp_path / "dask"
    outcome: dict[str, object] = {}

    def batch() -> None:
        try:
            outcome["summary"] = run_batch_dask(
                [str(src)], out, options, scheduler=address, reporter=QuietReporter(),
                units_per_task=4)
        except BaseException as exc:
            outcome["error"] = exc

    with local_cluster() as cluster, distributed.Client(cluster, set_as_default=False) as client:
        address = cluster.scheduler_address
        before = client.run(os.getpid)
        runner = threading.Thread(target=batch)
        runner.start()
        parts = out / ".ingest" / "parts"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
                not parts.is_dir() or sum(1 for _ in parts.rglob("*.jsonl")) < 16):
            time.sleep(0.01)
        busy: list[str] = []
        while time.monotonic() < deadline and runner.is_alive() and not busy:
            # A worker between two tasks is idle for a moment: ask again until one is busy.
            busy = [worker for worker, keys in client.processing().items() if keys]
        assert busy, "no task running: the run ended before the kill"
        victim = before[busy[0]]
        os.kill(victim, signal.SIGKILL)  # in the middle of a task
        killed_at = sum(1 for _ in parts.rglob("*.jsonl"))
        runner.join(timeout=60)
        assert not runner.is_alive()
        client.wait_for_workers(2, timeout=20)
        after = client.run(os.getpid)

    assert "error" not in outcome, outcome
    assert killed_at < expected  # the kill came before the end
    assert victim not in after.values()  # the nanny started a new worker
    summary = outcome["summary"]
    assert summary.pages == expected and summary.errors == 0  # type: ignore[attr-defined]
    lines = (out / "pages.jsonl").read_bytes().splitlines()
    assert len(lines) == len(set(lines)) == expected
    assert sorted(p.name for p in out.glob("*.json")) == [
        f"page{n:03d}.json" for n in range(expected)]
    assert tree(out) == tree(tmp_path / "local")


class KillOnPoison(distributed.WorkerPlugin):
    """On every worker (restarted ones too): a unit whose path holds "poison" kills it."""

    def setup(self, worker: object) -> None:
        import ingest.batch._worker as module

        original = module.process_unit

        def process_unit(unit, out_dir, options):
            if "poison" in unit.path:
                os._exit(1)
            return original(unit, out_dir, options)

        module.process_unit = process_unit


def test_a_unit_that_keeps_killing_workers_is_split_out_and_recorded(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(12):
        (src / f"page{n:02d}.html").write_bytes(listicle(n))
    (src / "page05-poison.html").write_bytes(listicle(99))

    import dask

    from ingest.batch._dask import ClusterStats, run_dask
    from ingest.batch._plan import plan_units

    no_second_chance = {"distributed.scheduler.allowed-failures": 0}
    with dask.config.set(no_second_chance), local_cluster() as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        client.register_plugin(KillOnPoison())
        stats = ClusterStats(threads=2)
        results = list(run_dask(plan_units([str(src)]), tmp_path / "out", Options(),
                                lambda: False, client, units_per_task=8, stats=stats))
    assert [r.input.rsplit("/", 1)[1] for r in results] == sorted(
        p.name for p in src.iterdir())  # every unit once, in plan order
    (crashed,) = [r for r in results if r.errors]
    assert crashed.input.endswith("page05-poison.html")
    assert crashed.errors[0].error == "WorkerCrashed"
    assert sum(len(r.pages) for r in results) == 12
    assert stats.split >= 1


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_scheduler_is_one_line_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
        ) -> None:
    monkeypatch.setattr("ingest.batch._dask.CONNECT_TIMEOUT", 1.0)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(listicle(1))
    address = f"127.0.0.1:{closed_port()}"
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                      "--scheduler", address])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: cannot reach the Dask scheduler at tcp://{address}: Timed out trying to "
        f"connect to tcp://{address} after 1 s"]
    assert "Traceback" not in capfd.readouterr().err
    assert not (tmp_path / "out" / "pages.jsonl").exists()


def test_without_dask_installed_the_error_says_how_to_get_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(listicle(1))
    code, output = run([str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                        "--scheduler", "tcp://127.0.0.1:8786"])
    assert code == 2
    assert output.splitlines() == ["error: --scheduler needs Dask: pip install 'ingest[dask]'"]


def test_a_worker_with_another_extractor_is_refused(
        cluster: distributed.LocalCluster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.batch._dask.extractor_version", lambda: "0.0.0+other")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(listicle(1))
    code, output = run([str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                        "--scheduler", cluster.scheduler_address])
    assert code == 2
    assert "runs ingest 0.1.0+" in output and "install the same version everywhere" in output
    assert not (tmp_path / "out" / "a.json").exists()


def test_the_local_path_does_not_import_dask(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(listicle(1))
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ingest.cli import app\n"
        f"result = CliRunner().invoke(app, ['batch', {str(tmp_path / 'in')!r}, '-o', "
        f"{str(tmp_path / 'out')!r}, '-j', '1', '-q'])\n"
        "print(result.exit_code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('dask', 'distributed')))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == "0 []"


def test_dask_is_an_extra_not_a_dependency() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any("dask" in dep for dep in project["dependencies"])
    extras = project["optional-dependencies"]
    assert any(dep.startswith("dask[distributed]") for dep in extras["dask"])
    assert any("dask" in dep for dep in extras["dev"])  # `make test` installs [dev]
