"""Documents are read and parsed in a child process with limits on time, memory and unpacked size: hostile files
(zip bombs, a million-page PDF, a deflate bomb) end in a named message and the parent stays as it was."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time

import pytest

from lib.importer import DocumentError, sandbox
from lib.importer.readers import read_document
from tests import hostile
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "source" / "wuhan-2024-28.txt"
HANG_GUARD = 120  # seconds: only so a broken limit fails the test instead of hanging it


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _refused(data: bytes, name: str, **kw) -> DocumentError:
    with pytest.raises(DocumentError) as err:
        sandbox.read_upload(data, name, **kw)
    assert "\n" not in str(err.value) and name in err.value.message_zh and name in err.value.message_en
    return err.value


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = hostile.docx_bomb(200)
    assert len(data) < 1024 * 1024  # 0.7 MB that unpacks to 200 MB, as in issue 14
    return data


def test_docx_bomb_ends_in_the_unpacked_size_message_and_the_parent_stays_small(bomb):
    before = _peak_rss_mb()
    err = _refused(bomb, "bomb.docx")
    assert "压缩内容解压后过大（超过 64 MB）" in err.message_zh
    assert "the archive unpacks too large (over 64 MB)" in err.message_en
    # the unpacking was the child's: the parent's peak memory did not grow by anything like the archive's content
    assert _peak_rss_mb() - before < 100


def test_docx_whose_headers_lie_about_sizes_is_refused_without_inflating_it():
    err = _refused(hostile.docx_bomb_lying(200), "lying.docx")
    assert "the file is damaged" in err.message_en


def test_docx_members_are_counted_while_inflating(monkeypatch):
    """Declared sizes under the limit but content over it: the streaming count stops it (in process here)."""
    from lib.importer import readers

    monkeypatch.setattr(readers, "MAX_XML_PART", 10 * 1024 * 1024)
    monkeypatch.setattr(readers, "MAX_UNZIPPED", 10 * 1024 * 1024)
    data = hostile.docx_bomb(12)
    real = readers.zipfile.ZipFile

    class Understating(real):
        """ZipFile whose directory claims every member is 1 KB (what a forged archive says)."""

        def infolist(self):
            infos = super().infolist()
            for info in infos:
                info.file_size = min(info.file_size, 1024)
            return infos

    monkeypatch.setattr(readers.zipfile, "ZipFile", Understating)
    # zipfile itself stops at the declared size and then finds the CRC wrong: damaged, never 12 MB in memory
    with pytest.raises(DocumentError, match="damaged|unpacks too large"):
        readers.read_document(data, "x.docx")


def test_docx_just_over_the_part_limit_is_refused_in_process_too():
    with pytest.raises(DocumentError, match="unpacks too large"):
        read_document(hostile.docx_bomb(30), "big.docx")


def test_pdf_declaring_a_million_pages_ends_in_the_page_count_message():
    data = hostile.pdf_million_pages()
    assert len(data) < 50_000
    err = _refused(data, "pages.pdf")
    assert "PDF 页数过多（1000000 页，上限 2000 页）" in err.message_zh
    assert "too many pages (1000000; the limit is 2000)" in err.message_en


def test_pdf_deflate_bomb_ends_in_the_stream_message():
    err = _refused(hostile.pdf_deflate_bomb(200), "deflate.pdf")
    assert "PDF 中的压缩内容解压后过大" in err.message_zh
    assert "a compressed stream in the PDF unpacks too large" in err.message_en


def test_the_time_limit_kills_the_child_with_the_timeout_message():
    err = _refused(SAMPLE.read_bytes(), "slow.txt", timeout=0.05)  # less than the child needs to start
    assert "处理超时（超过 0.05 秒）" in err.message_zh and "longer than 0.05 s" in err.message_en


def test_the_memory_limit_ends_in_the_memory_message():
    # an address-space limit below what the child already maps: its first large allocation fails
    err = _refused(hostile.docx_bomb(20), "mem.docx", memory_mb=64)
    assert "读取所需内存超过上限（64 MB）" in err.message_zh
    assert "more than the memory limit of 64 MB" in err.message_en


def test_other_work_goes_on_while_a_hostile_file_is_read(bomb):
    """A good document imports, correctly, while two hostile ones are being refused in other threads."""
    errors: list[str] = []

    def hostile_read(data, name):
        try:
            sandbox.read_upload(data, name)
        except DocumentError as err:
            errors.append(err.message_en)

    threads = [threading.Thread(target=hostile_read, args=a)
               for a in ((bomb, "bomb.docx"), (hostile.pdf_deflate_bomb(200), "bomb.pdf"))]
    for th in threads:
        th.start()
    reading, result = sandbox.import_document(SAMPLE.read_bytes(), SAMPLE.name)
    for th in threads:
        th.join(HANG_GUARD)
    assert len(result.tasks) == 24 and reading.text == SAMPLE.read_text(encoding="utf-8")
    assert sorted(e.split(": ", 1)[1].split(";")[0] for e in errors) == [
        "a compressed stream in the PDF unpacks too large", "the archive unpacks too large (over 64 MB)"]


def test_cli_refuses_a_bomb_with_one_line_and_exit_1(tmp_path, bomb):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    proc = subprocess.run([sys.executable, "-m", "lib.importer", str(path), "--out", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, timeout=HANG_GUARD)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "the archive unpacks too large" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_parse_in_the_child_gives_the_same_result_as_in_process():
    from lib.importer import parse_document

    text = SAMPLE.read_text(encoding="utf-8")
    here, there = parse_document(text), sandbox.parse_text(text)
    assert there.tasks.equals(here.tasks) and there.units.equals(here.units)
    assert there.sources == here.sources


# --- the warm fork server: each job's child forked from a process that has imported the importer -------------------

SLOW = "1.推进工作（责任单位：" + "、".join(f"市第{i}局" for i in range(300_000)) + "）"  # parses for many seconds


@pytest.fixture(autouse=True)
def steady_code(monkeypatch):
    """The code as it is now, whatever is saved meanwhile (a fork server is replaced when its code changes on disk)."""
    stamp = sandbox._code_stamp()
    monkeypatch.setattr(sandbox, "_code_stamp", lambda: stamp)


@pytest.fixture
def forkserver(monkeypatch):
    """A warm fork server, as the app has one; stopped afterwards (tests run fresh children otherwise)."""
    sandbox.stop()
    monkeypatch.setenv(sandbox.FORKSERVER_ENV, "1")
    assert sandbox.warm(wait=HANG_GUARD)
    yield sandbox._SERVER
    sandbox.stop()


@pytest.fixture
def children(monkeypatch):
    """The pid of every job's child, forked or fresh: {"forked": [...], "fresh": [...]}."""
    seen: dict[str, list[int]] = {"forked": [], "fresh": []}
    spawn, popen = sandbox._ForkServer.spawn, sandbox.subprocess.Popen

    def counted_spawn(self):
        child = spawn(self)
        if child is not None:
            seen["forked"].append(child.pid)
        return child

    class Counted(popen):
        def __init__(self, args, *a, **k):
            super().__init__(args, *a, **k)
            if args[1:] == ["-m", "lib.importer.sandbox"]:
                seen["fresh"].append(self.pid)

    monkeypatch.setattr(sandbox._ForkServer, "spawn", counted_spawn)
    monkeypatch.setattr(sandbox.subprocess, "Popen", Counted)
    return seen


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def _gone(pids, within: float = 10.0) -> bool:
    end = time.monotonic() + within
    while any(_alive(p) for p in pids):
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def test_each_job_runs_in_its_own_child_forked_from_the_warm_server(forkserver, children):
    from lib.importer import parse_document

    text = SAMPLE.read_text(encoding="utf-8")
    here = parse_document(text)
    for _ in range(3):
        there = sandbox.parse_text(text)
        assert there.tasks.equals(here.tasks) and there.units.equals(here.units)
    reading, result = sandbox.import_document(SAMPLE.read_bytes(), SAMPLE.name)
    assert reading.text == text and len(result.tasks) == 24
    assert children["fresh"] == [] and len(set(children["forked"])) == 4  # no interpreter started; none reused
    assert _gone(children["forked"]) and forkserver.proc.poll() is None


def test_several_sessions_at_once_each_get_their_own_result(forkserver, children):
    texts = [f"1.推进第{i}项工作（牵头单位：市第{i}局）" for i in range(8)]
    got: dict[int, str] = {}

    def parse(i: int) -> None:
        got[i] = sandbox.parse_text(texts[i], name=f"s{i}").tasks["lead_units"].iloc[0]

    threads = [threading.Thread(target=parse, args=(i,)) for i in range(len(texts))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(HANG_GUARD)
    assert got == {i: f"市第{i}局" for i in range(len(texts))}
    assert children["fresh"] == [] and len(set(children["forked"])) == len(texts)


@pytest.mark.parametrize("case", ["bomb", "lying", "pages", "deflate", "memory"])
def test_a_hostile_file_ends_in_a_forked_child_as_in_a_fresh_one(case, monkeypatch, children):
    data, name, limits = {
        "bomb": (hostile.docx_bomb(200), "bomb.docx", {}),
        "lying": (hostile.docx_bomb_lying(200), "lying.docx", {}),
        "pages": (hostile.pdf_million_pages(), "pages.pdf", {}),
        "deflate": (hostile.pdf_deflate_bomb(200), "deflate.pdf", {}),
        "memory": (hostile.docx_bomb(20), "mem.docx", {"memory_mb": 64}),
    }[case]
    sandbox.stop()
    fresh = _refused(data, name, **limits)
    monkeypatch.setenv(sandbox.FORKSERVER_ENV, "1")
    try:
        assert sandbox.warm(wait=HANG_GUARD)
        before = _peak_rss_mb()
        forked = _refused(data, name, **limits)
        assert _peak_rss_mb() - before < 100
    finally:
        sandbox.stop()
    assert (forked.message_zh, forked.message_en) == (fresh.message_zh, fresh.message_en)
    assert len(children["fresh"]) == 1 and len(children["forked"]) == 1


def _limits_of(pid: int) -> dict[str, str]:
    """Max address space, max CPU time (soft) and nice of a running child, once it has set them."""
    end = time.monotonic() + HANG_GUARD
    while time.monotonic() < end and _alive(pid):
        with open(f"/proc/{pid}/limits") as f:
            rows = {line[:26].strip(): line[26:].split()[0] for line in f if line.startswith("Max ")}
        with open(f"/proc/{pid}/stat") as f:
            nice = f.read().rsplit(") ", 1)[1].split()[16]
        if rows["Max address space"] != "unlimited":
            return {"memory": rows["Max address space"], "cpu": rows["Max cpu time"], "nice": nice}
        time.sleep(0.01)
    raise AssertionError(f"child {pid} ended or never set its limits")


def test_a_forked_child_has_the_limits_of_a_fresh_one(monkeypatch, children):
    """The time limit ends a slow parse in both; memory and nice are the same, and the CPU limit no larger (the
    fork server's imports are charged as a fresh child's own are)."""
    seen: dict[str, dict] = {}

    def slow(kind: str) -> None:
        errors: list[DocumentError] = []

        def parse() -> None:
            try:
                sandbox.parse_text(SLOW, name="slow.txt", timeout=3)  # counted from the request, not the start
            except DocumentError as err:
                errors.append(err)

        th = threading.Thread(target=parse)
        th.start()
        end = time.monotonic() + HANG_GUARD
        while not children[kind] and time.monotonic() < end:
            time.sleep(0.01)
        seen[kind] = _limits_of(children[kind][-1])
        th.join(HANG_GUARD)
        assert [e.message_en for e in errors] == ["slow.txt: reading took longer than 3 s (the file is too large or "
                                                  "malformed); stopped"]
        assert _gone(children[kind][-1:])

    sandbox.stop()
    slow("fresh")
    monkeypatch.setenv(sandbox.FORKSERVER_ENV, "1")
    try:
        assert sandbox.warm(wait=HANG_GUARD)
        slow("forked")
    finally:
        sandbox.stop()
    fresh, forked = seen["fresh"], seen["forked"]
    assert forked["memory"] == fresh["memory"] == str(sandbox.MEMORY_MB * 1024 * 1024)
    assert forked["nice"] == fresh["nice"] == "10"
    assert int(forked["cpu"]) <= int(fresh["cpu"]) == 5  # int(timeout) + 2


def test_a_job_whose_forked_child_died_before_its_request_runs_in_a_fresh_child(forkserver, children, monkeypatch):
    import signal

    spawn = sandbox._ForkServer.spawn

    def dead_on_arrival(self):
        child = spawn(self)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(HANG_GUARD)
        return child

    monkeypatch.setattr(sandbox._ForkServer, "spawn", dead_on_arrival)
    assert len(sandbox.parse_text(SAMPLE.read_text(encoding="utf-8")).tasks) == 24
    assert len(children["forked"]) == 1 and len(children["fresh"]) == 1
    assert forkserver.proc.poll() is None and not forkserver.retired


def test_a_killed_fork_server_is_replaced(forkserver, children):
    forkserver.proc.kill()
    forkserver.proc.wait()
    assert _gone([forkserver.proc.pid])
    end = time.monotonic() + HANG_GUARD
    while not forkserver.closed and time.monotonic() < end:
        time.sleep(0.01)
    assert len(sandbox.parse_text(SAMPLE.read_text(encoding="utf-8")).tasks) == 24  # a fresh child meanwhile
    assert len(children["fresh"]) == 1 and children["forked"] == []
    assert sandbox.warm(wait=HANG_GUARD)
    assert sandbox._SERVER is not forkserver and sandbox._SERVER.proc.pid != forkserver.proc.pid
    assert len(sandbox.parse_text(SAMPLE.read_text(encoding="utf-8")).tasks) == 24
    assert len(children["fresh"]) == 1 and len(children["forked"]) == 1


def test_a_fork_server_started_before_the_code_changed_is_replaced(forkserver, children, monkeypatch):
    stamp = sandbox._code_stamp()
    monkeypatch.setattr(sandbox, "_code_stamp", lambda: stamp + (("lib/importer/parse.py", 1, 1),))
    assert len(sandbox.parse_text(SAMPLE.read_text(encoding="utf-8")).tasks) == 24
    assert len(children["fresh"]) == 1 and children["forked"] == []  # never the old code
    assert _gone([forkserver.proc.pid])  # retired: it ends, having no child at work
    assert sandbox.warm(wait=HANG_GUARD) and sandbox._SERVER is not forkserver
    sandbox.parse_text(SAMPLE.read_text(encoding="utf-8"))
    assert len(children["forked"]) == 1


def test_a_fork_server_that_cannot_start_leaves_jobs_to_fresh_children_and_is_not_retried_at_once(monkeypatch,
                                                                                                   children):
    sandbox.stop()
    monkeypatch.setenv(sandbox.FORKSERVER_ENV, "1")
    monkeypatch.setattr(sandbox, "_FORKSERVER_MAIN", "raise SystemExit(3)")
    try:
        assert not sandbox.warm(wait=HANG_GUARD / 4)
        failed = sandbox._SERVER
        end = time.monotonic() + HANG_GUARD
        while not failed.closed and time.monotonic() < end:
            time.sleep(0.01)
        assert len(sandbox.parse_text(SAMPLE.read_text(encoding="utf-8")).tasks) == 24
        assert sandbox._SERVER is failed and not sandbox.warm()  # no new start while the code is the same
        assert len(children["fresh"]) == 1 and children["forked"] == []
    finally:
        sandbox.stop()


def test_no_fork_server_where_none_is_wanted(monkeypatch, children):
    """Tests and the CLI (no Streamlit server) start a fresh child per job and keep nothing once it is done."""
    sandbox.stop()
    monkeypatch.delenv(sandbox.FORKSERVER_ENV, raising=False)
    assert not sandbox.warm()
    sandbox.parse_text(SAMPLE.read_text(encoding="utf-8"))
    assert sandbox._SERVER is None and children["forked"] == [] and len(children["fresh"]) == 1
    assert _processes_of(os.getpid()) == []  # none of ours (the browser tests' chromium and servers are not)


def _processes_of(parent: int) -> list[int]:
    """Live processes started for the given parent process (its sandbox children, whoever's child they are now)."""
    mark = f"{sandbox._PARENT_ENV}={parent}".encode()
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    if mark in f.read().split(b"\0") and _alive(int(entry)):
                        out.append(int(entry))
            except OSError:
                pass
    return out


def test_the_cli_leaves_no_process_behind_even_with_the_fork_server_forced_on(tmp_path):
    env = dict(os.environ, **{sandbox.FORKSERVER_ENV: "1"})
    proc = subprocess.Popen([sys.executable, "-m", "lib.importer", str(SAMPLE), "--out", str(tmp_path / "out")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 0, err
    assert (tmp_path / "out").exists()
    end = time.monotonic() + 10
    while _processes_of(proc.pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert _processes_of(proc.pid) == []


_PARENT = """
import sys, threading, time
sys.path.insert(0, {root!r})
from lib.importer import sandbox
assert sandbox.warm(wait=120)
spawn = sandbox._ForkServer.spawn
def spawned(self):
    child = spawn(self)
    print(sandbox._SERVER.proc.pid, child.pid, flush=True)
    return child
sandbox._ForkServer.spawn = spawned
threading.Thread(target=sandbox.parse_text, args=({slow!r},), kwargs=dict(timeout=120)).start()
time.sleep(300)
"""


def test_the_fork_server_and_its_child_at_work_end_when_the_server_process_dies(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(_PARENT.format(root=str(ROOT), slow=SLOW), encoding="utf-8")
    env = dict(os.environ, **{sandbox.FORKSERVER_ENV: "1"})
    parent = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        server, child = (int(x) for x in parent.stdout.readline().split())
        assert _alive(server) and _alive(child)
    finally:
        parent.kill()
        parent.wait()
    assert _gone([server, child])


def test_a_childs_slow_start_is_not_counted_as_reading_time(tmp_path, monkeypatch):
    """On a busy machine a fresh child may take seconds to start: the time limit counts from its request, so a small
    document still reads within a limit shorter than the start (here 5 s)."""
    slow_python = tmp_path / "slow-python"
    slow_python.write_text(f"#!/bin/sh\nsleep 5\nexec {sys.executable} \"$@\"\n", encoding="utf-8")
    slow_python.chmod(0o755)
    monkeypatch.setenv(sandbox.FORKSERVER_ENV, "0")
    monkeypatch.setattr(sandbox.sys, "executable", str(slow_python))
    # 3 s for a one-line plan even at nice 10 beside other work; shorter than the 5 s start
    result = sandbox.parse_text("1.推进工作（牵头单位：市发改委；责任单位：市财政局）", name="small.txt", timeout=3)
    assert result.tasks[["lead_units", "support_units"]].values.tolist() == [["市发改委", "市财政局"]]


MEDIUM = "1.推进工作（责任单位：" + "、".join(f"市第{i}局" for i in range(3_000)) + "）"  # ~0.5 s of parsing


def test_a_job_whose_fork_server_dies_under_it_runs_again_in_a_fresh_child(forkserver, children):
    """The job, not the file, failed: the user gets the plan, not 'reading took longer than …'."""
    got: dict[str, object] = {}

    def parse() -> None:
        try:
            got["tasks"] = len(sandbox.parse_text(MEDIUM, name="medium.txt", timeout=HANG_GUARD).tasks)
        except DocumentError as err:
            got["error"] = err.message_en

    th = threading.Thread(target=parse)
    th.start()
    end = time.monotonic() + HANG_GUARD
    while not children["forked"] and time.monotonic() < end:
        time.sleep(0.01)
    _limits_of(children["forked"][0])  # it has its request and set its limits: at work
    forkserver.proc.kill()
    th.join(HANG_GUARD)
    assert got == {"tasks": 1}
    assert len(children["fresh"]) == 1


def test_a_child_starved_by_other_work_is_not_timed_out(children, monkeypatch):
    """A child that got no CPU (here: stopped) past its limit is waited for, up to STARVED_FACTOR times it: on a
    busy machine the nice-10 reader is starved, the file is not slow. It still reads its plan."""
    import signal

    monkeypatch.setenv(sandbox.FORKSERVER_ENV, "0")
    got: dict[str, object] = {}

    def parse() -> None:
        try:
            got["tasks"] = len(sandbox.parse_text(MEDIUM, name="medium.txt", timeout=4).tasks)
        except DocumentError as err:
            got["error"] = err.message_en

    th = threading.Thread(target=parse)
    th.start()
    end = time.monotonic() + HANG_GUARD
    while not children["fresh"] and time.monotonic() < end:
        time.sleep(0.01)
    pid = children["fresh"][0]
    _limits_of(pid)  # it has its request: the limit runs
    os.kill(pid, signal.SIGSTOP)
    time.sleep(8)  # twice its limit without a CPU second
    os.kill(pid, signal.SIGCONT)
    th.join(HANG_GUARD)
    assert got == {"tasks": 1}
