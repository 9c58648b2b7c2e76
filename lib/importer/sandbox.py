"""Read and parse a document in a child process with limits on time, memory and CPU, so no file can pin the server.

The parent (the Import page, the CLI) sends a pickled request on the child's stdin; the child sets its own rlimits
first, does the work and sends a pickled reply on stdout. Progress (OCR pages) comes back as lines on stderr. A
child that runs past the time limit is killed; one that hits the memory limit reports it; either ends in one
DocumentError naming the file, while the parent's other sessions go on. The child is our own code started from our
own interpreter, so its pickled reply is trusted like any other module's return value.

A fresh interpreter importing the importer costs ~0.8 s before any work (bench.sandbox_start), felt on every paste.
In the server (a real Streamlit runtime, or FENGONG_FORKSERVER=1) one fork server per process has imported it all
(not the OCR models) and forks each job's child: the child reads its request, sets the same rlimits and does the
job as a fresh one would, and one job never runs where another ran. Tests and the CLI start a fresh child per job
(FENGONG_FORKSERVER=0 forces that anywhere). The fork server dies with its parent, as every child does; one whose
code changed on disk since it started (lib/, the installed packages) is retired and replaced.
"""

from __future__ import annotations

import itertools
import logging
import os
import pickle
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from lib.importer.errors import DocumentError

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 30.0  # a real plan reads and parses in a second or two; the limit counts from the last progress
MAX_TOTAL_S = 300.0  # OCR reports each page, which restarts TIMEOUT_S, but never past this
# A child's interpreter start and imports, before it has its request (~1 s on a quiet machine, several on a busy one):
# not the document's time, so the limits above count from the request; a child that never gets that far is killed.
START_S = 60.0
# A child that reaches its deadline having had less than half of it in CPU time was starved by other work on the
# machine (it runs at nice 10), not slow on its file: it goes on, up to this many times its limit.
STARVED_FACTOR = 5
MEMORY_MB = 2560  # address space of the child: OCR (onnxruntime) maps ~1.5 GB, text parsing far less
# how long a job waits for a free reading slot before the user is told to try again (FENGONG_READ_QUEUE_S: a
# test crowd on a busy machine waits instead of being told)
QUEUE_S = float(os.environ.get("FENGONG_READ_QUEUE_S", "60"))
FORKSERVER_ENV = "FENGONG_FORKSERVER"  # "1": fork jobs from a warm server; "0": a fresh child per job; else: auto
_PROGRESS = "\x1efg-progress "
_STARTED = "\x1efg-started"  # the child has its whole request: a job that ends without it never ran
_PARENT_ENV = "FENGONG_SANDBOX_PARENT"
Progress = Callable[[int, int], None]
# At most one reading child per core: each may take a core and MEMORY_MB, so more at once would starve the
# server (and, at ten, exhaust the machine's memory). Jobs beyond that wait, told so through on_queue.
_SLOTS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
log = logging.getLogger(__name__)


# --- the child ----------------------------------------------------------------------------------------------

_report: Callable[[int, int], None] | None = None


def report(done: int, total: int) -> None:
    """Tell the parent how far the child is (pages read of total); a no-op outside a child."""
    if _report is not None:
        _report(done, total)


def _limit(memory_mb: int, cpu_s: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 2))


def _die_with_parent(parent: int | None = None) -> None:
    """End this child when the server dies (OOM killer, deploy, SIGKILL), instead of reading on as init's orphan."""
    try:
        import ctypes
        import signal

        # PR_SET_PDEATHSIG = 1 (Linux): SIGKILL when the thread that started us ends; run() waits for the child
        # in that thread (the fork server's in its own thread), so the thread outlives the child unless the server
        # itself dies
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the CPU limit still ends an orphan
    if parent is None:
        known = os.environ.get(_PARENT_ENV, "")
        parent = int(known) if known.isdigit() else None
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the signal was armed


def _work(op: str, args: dict):
    """The child's job by name: read (bytes → Reading), parse (text → ImportResult), import (both)."""
    from lib.importer.ocr import mark_ocr
    from lib.importer.parse import parse_document
    from lib.importer.readers import read_upload

    if op == "read":
        return read_upload(args["data"], args["name"], ocr=args.get("ocr", True), progress=report)
    if op == "parse":
        return mark_ocr(parse_document(args["text"], args.get("aliases")), args.get("ocr_text", ""))
    if op == "import":
        reading = read_upload(args["data"], args["name"], ocr=args.get("ocr", True), progress=report)
        result = mark_ocr(parse_document(reading.text, args.get("aliases")), reading.ocr_text)
        return reading, result
    raise ValueError(f"unknown op {op!r}")


def _prepare() -> None:
    """What every child sets up before its request: the readers and the parser (imported before the time limit
    starts), and Pillow's guard at the importer's limit."""
    from PIL import Image

    import lib.importer.parse  # noqa: F401
    from lib.importer.readers import MAX_IMAGE_PIXELS

    # Pillow's bomb guard (89 MP) would refuse with its own words; the importer checks its lower limit first
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def _child() -> int:
    _die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of libraries go to stderr, never into the pickled reply
    _prepare()
    return _serve(out)


def _serve(out, *, niced: bool = False, cpu_spent: int = 0) -> int:
    """Read the request, set the limits, do the job and write the reply: the same in a fresh or a forked child.

    cpu_spent: CPU seconds the fork server spent importing, charged to the job as a fresh child's imports are."""
    global _report
    request = pickle.loads(sys.stdin.buffer.read())
    sys.stderr.write(_STARTED + "\n")
    sys.stderr.flush()
    _limit(request["memory_mb"], max(1, request["cpu_s"] - cpu_spent))
    if not niced:
        try:
            os.nice(10)  # the server's own sessions come first
        except OSError:
            pass

    def send_progress(done: int, total: int) -> None:
        sys.stderr.write(f"{_PROGRESS}{done} {total}\n")
        sys.stderr.flush()

    _report = send_progress
    try:
        reply = ("ok", _work(request["op"], request["args"]))
    except DocumentError as err:
        reply = ("error", (err.message_zh, err.message_en))
    except MemoryError:
        reply = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - a bug of ours: the parent logs the traceback, the user gets a line
        import traceback

        if isinstance(exc, ImportError) and "failed to map segment" in str(exc):
            reply = ("memory", None)  # a library loaded lazily under the memory limit
        else:
            reply = ("crash", (type(exc).__name__, traceback.format_exc()))
    try:
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    out.write(data)
    out.flush()
    return 0


# --- the fork server (its own process) ----------------------------------------------------------------------

# What reading an upload imports lazily (not the OCR engine and its models): ~0.3 s of a fresh child's time, and
# ~50-60 MB more address space in every forked child (VmSize at its limit: 329 against 271 MB in a fresh one, a
# review's run): its memory limit is that much stricter for a pasted text.
_PRELOAD = ("pypdf", "pypdf.errors", "pdfplumber", "docx", "pypdfium2", "lib.importer.tables_text",
            "lib.importer.ocr")


def _preload() -> None:
    import importlib

    from lib.importer import script

    for name in _PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # a missing optional reader: the job reports it as a fresh child would
            pass
    # the traditional → simplified table every parse builds first (~25 ms). No warm-up parse: the first pandas
    # string makes pyarrow's allocator reserve ~1 GB of address space, which a fresh child reserves only when it
    # parses, under its limit; reserved here it would cut a reading job's memory limit by that much
    script._table()


def _forkserver(ctl_fd: int) -> int:
    """Import everything once, then fork one child per job the parent sends (its stdin, stdout, stderr over the
    socket), report each child's pid and exit status, kill one when told, and end with the parent."""
    import resource
    import signal

    _die_with_parent()
    os.nice(10)  # it starts in the background and its children work at the priority a fresh child sets
    sock = socket.socket(fileno=ctl_fd)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)  # stray prints go nowhere until a child has its own
    os.close(null)
    _prepare()
    _preload()
    if len(os.listdir("/proc/self/task")) != 1:  # fork copies one thread: another's locks would be held forever
        sys.stderr.write("importer fork server: not single-threaded after imports; jobs start fresh children\n")
        return 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(usage.ru_utime + usage.ru_stime + 0.999)  # charged to each job (a fresh child spends it first)
    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    sel = selectors.DefaultSelector()
    sel.register(sock, selectors.EVENT_READ)
    sel.register(wake_r, selectors.EVENT_READ)
    me, live, quitting = os.getpid(), set(), False
    sock.send(b"R")
    while not (quitting and not live):
        for key, _ in sel.select():
            if key.fileobj == wake_r:
                while True:
                    try:
                        if not os.read(wake_r, 512):
                            break
                    except BlockingIOError:
                        break
                continue
            msg, fds, _, _ = socket.recv_fds(sock, 64, 3)
            if not msg:
                return 0  # the parent is gone: the children end with us (their parent-death signal)
            kind, body = msg[:1], msg[1:]
            if kind == b"F" and len(fds) == 3 and not quitting:
                try:
                    pid = os.fork()
                except OSError:
                    pid = -1
                if pid == 0:
                    _forked(fds, me, spent, (sock.fileno(), wake_r, wake_w, sel.fileno()))
                for fd in fds:
                    os.close(fd)
                if pid > 0:
                    live.add(pid)
                    sock.send(b"P" + body + pid.to_bytes(4, "little"))
                else:
                    sock.send(b"E" + body)
            elif kind == b"K":
                pid = int.from_bytes(body, "little")
                if pid in live:  # never a pid already reaped (it may be another process's now)
                    os.kill(pid, signal.SIGKILL)
            elif kind == b"Q":
                quitting = True
            else:  # a job sent while quitting (a retire raced its spawn): refused at once, it runs in a fresh child
                for fd in fds:
                    os.close(fd)
                if kind == b"F":
                    sock.send(b"E" + body)
        while live:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            live.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            sock.send(b"X" + pid.to_bytes(4, "little") + code.to_bytes(4, "little", signed=True))
    return 0


def _forked(fds: list[int], server: int, spent: int, close: tuple[int, ...]) -> None:
    """The forked child: the job's pipes as its stdin and stderr, the reply on its own pipe; never returns."""
    import signal

    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in close:
            os.close(fd)
        _die_with_parent(server)
        stdin, stdout, stderr = fds
        os.dup2(stdin, 0)
        os.dup2(stderr, 2)
        os.dup2(stderr, 1)  # stray prints of libraries go to stderr, never into the pickled reply
        os.close(stdin)
        os.close(stderr)
        code = _serve(os.fdopen(stdout, "wb"), niced=True, cpu_spent=spent)
    except BaseException:  # noqa: BLE001 - the parent sees the exit status and these lines
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


# --- the parent ---------------------------------------------------------------------------------------------


def run(op: str, args: dict, name: str = "document", *, timeout: float = TIMEOUT_S, memory_mb: int = MEMORY_MB,
        on_progress: Progress | None = None, on_queue: Callable[[], None] | None = None, queue_s: float = QUEUE_S):
    """Run one importer job (read / parse / import) in a limited child; its value, or DocumentError naming name.

    At most one child per core runs at once; a job that finds none free calls on_queue (the page says "busy,
    queued") and waits up to queue_s for one."""
    if not _SLOTS.acquire(blocking=False):
        if on_queue is not None:
            on_queue()
        if not _SLOTS.acquire(timeout=queue_s):
            raise DocumentError.from_key("imp_err_busy", name=name, seconds=queue_s)
    try:
        return _run(op, args, name, timeout, memory_mb, on_progress)
    finally:
        _SLOTS.release()


class _NotStarted(Exception):
    """A forked child ended before it had its request, or its fork server died under it: the job runs again in a
    fresh child."""


def _run(op: str, args: dict, name: str, timeout: float, memory_mb: int, on_progress: Progress | None):
    """Fork the child from the warm server (or start a fresh one), watch it until it ends or runs out of time, and
    turn its reply into a value or an error."""
    total = max(timeout, min(MAX_TOTAL_S, timeout * 10)) if op != "parse" else timeout  # only reading reports
    # CPU seconds: the child runs one compute thread, so its own wall-clock limit; this bounds a child whose
    # parent can no longer kill it (the parent's clock is the real bound)
    request = pickle.dumps({"op": op, "args": args, "memory_mb": memory_mb, "cpu_s": int(total) + 2})
    proc = _forked_child()
    if proc is not None:
        try:
            return _talk(proc, request, name, timeout, total, memory_mb, on_progress, forked=True)
        except _NotStarted:
            log.warning("importer fork server lost the job for %s; it runs in a fresh child", name)
    proc = subprocess.Popen([sys.executable, "-m", "lib.importer.sandbox"], cwd=ROOT, env=_child_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return _talk(proc, request, name, timeout, total, memory_mb, on_progress)


def _child_env() -> dict[str, str]:
    # no allocator thread of pyarrow's jemalloc (its pool is mimalloc): a fork server must be single-threaded, and
    # a fresh child then starts with the same address space as the fork server's, less what that preloads
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                OMP_NUM_THREADS="1", JE_ARROW_MALLOC_CONF="background_thread:false",
                **{_PARENT_ENV: str(os.getpid())})


def _talk(proc, request: bytes, name: str, timeout: float, total: float, memory_mb: int,
          on_progress: Progress | None, forked: bool = False):
    """Send the request, watch the child and read its reply (proc: a Popen, or a forked child with its surface)."""
    chunks: list[bytes] = []

    def feed() -> None:
        try:
            proc.stdin.write(request)
            proc.stdin.close()
        except OSError:  # the child died before reading all: its exit status tells why
            pass

    def drain() -> None:
        chunks.append(proc.stdout.read())

    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
    for th in threads:
        th.start()
    try:
        tail, started = _watch(proc, name, timeout, total, on_progress)
        for th in threads:
            th.join(timeout=5)
    finally:
        if forked:
            proc.close()
    data = b"".join(chunks)
    if forked and not data and proc.returncode != 0 and (not started or proc.lost):
        raise _NotStarted  # it never ran, or its fork server died mid-job: the file is not to blame
    return _reply(proc.returncode, data, tail, name, timeout, memory_mb)


def _cpu_s(pid: int) -> float | None:
    """The CPU seconds (user + system) a process has used, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(") ", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _starved(pid: int, since: tuple[float, float | None], timeout: float) -> bool:
    """Whether a child at its deadline had less than half of its time limit in CPU since the deadline was set, and is
    still within STARVED_FACTOR times the limit."""
    wall0, cpu0 = since
    cpu = _cpu_s(pid)
    if cpu is None or cpu0 is None:
        return False
    return cpu - cpu0 < timeout / 2 and time.monotonic() < wall0 + STARVED_FACTOR * timeout


def _watch(proc, name: str, timeout: float, total: float, on_progress: Progress | None) -> tuple[list[str], bool]:
    """Read the child's stderr until it ends: progress lines move the deadline on (never past total), other lines
    are kept (the last five); a child past its deadline is killed. The last lines it wrote, and whether it said it
    had its request."""
    start = time.monotonic()
    deadline = start + START_S  # until the child has its request; then the document's own limits
    since: tuple[float, float | None] = (start, None)  # when the deadline was last set, and the child's CPU then
    tail: list[str] = []
    started = False
    buf = b""
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 and started and _starved(proc.pid, since, timeout):
                deadline, left = time.monotonic() + 0.5, 0.5  # a busy machine, not a slow file: look again soon
            if left <= 0:
                proc.kill()
                proc.wait()
                raise DocumentError.from_key("imp_err_timeout", name=name, seconds=timeout)
            if not sel.select(timeout=min(left, 0.5)):
                continue
            piece = os.read(proc.stderr.fileno(), 65536)
            if not piece:
                break
            buf += piece
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace")
                if line.startswith(_PROGRESS):
                    done, of = (int(x) for x in line[len(_PROGRESS):].split())
                    deadline = min(start + total, max(deadline, time.monotonic() + timeout))
                    since = (time.monotonic(), _cpu_s(proc.pid))
                    if on_progress is not None:
                        on_progress(done, of)
                elif line == _STARTED:
                    started = True
                    start = time.monotonic()
                    deadline = start + timeout
                    since = (start, _cpu_s(proc.pid))
                elif line.strip():
                    tail = (tail + [line])[-5:]
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise DocumentError.from_key("imp_err_timeout", name=name, seconds=timeout) from None
    finally:
        sel.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return tail, started


def _reply(returncode: int, data: bytes, tail: list[str], name: str, timeout: float, memory_mb: int):
    """The child's value, or the DocumentError its exit status, last lines or reply stand for."""
    if returncode != 0 or not data:
        # SIGXCPU / SIGKILL: the CPU limit; anything else ran out of memory inside C code or crashed
        if returncode in (-9, -24):
            raise DocumentError.from_key("imp_err_timeout", name=name, seconds=timeout)
        if any("MemoryError" in line or "bad_alloc" in line or "Cannot allocate" in line for line in tail):
            raise DocumentError.from_key("imp_err_memory", name=name, mb=memory_mb)
        log.error("importer child for %s ended with exit code %s; its last lines:\n%s", name, returncode,
                  "\n".join(tail))
        raise DocumentError.from_key("imp_err_child_exit", name=name, code=returncode)
    status, value = pickle.loads(data)
    if status == "ok":
        return value
    if status == "memory":
        raise DocumentError.from_key("imp_err_memory", name=name, mb=memory_mb)
    if status == "crash":
        log.error("importer child failed on %s:\n%s", name, value[1])
        raise DocumentError.from_key("imp_err_crash", name=name, error=value[0])
    raise DocumentError(*value)


# --- the parent's side of the fork server -------------------------------------------------------------------

_PID_WAIT_S = 5.0  # a fork answers in milliseconds; past this the server is taken as broken
_EXIT_WAIT_S = 10.0  # after a kill, how long a child's exit report may take before it is taken as dead


class _Forked:
    """A job's child forked by the fork server, with the part of Popen's surface _talk and _watch use."""

    def __init__(self, server: _ForkServer, pid: int):
        self.pid, self.returncode = pid, None
        self.lost = False  # its fork server died under it: the job, not the file, failed
        self._server, self._done = server, threading.Event()
        self.stdin = self.stdout = self.stderr = None

    def _exited(self, code: int) -> None:
        if self.returncode is None:
            self.returncode = code
        self._done.set()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._done.wait(_EXIT_WAIT_S if timeout is None else timeout):
            if timeout is not None:
                raise subprocess.TimeoutExpired(f"forked child {self.pid}", timeout)
            log.warning("importer fork server never reported child %s ending; taken as killed", self.pid)
            self._exited(-9)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            self._server.send(b"K" + self.pid.to_bytes(4, "little"))

    def close(self) -> None:
        for f in (self.stdin, self.stdout, self.stderr):
            if f is not None and not f.closed:
                f.close()


# not -m: the package imports this module first, and runpy would warn of running it twice
_FORKSERVER_MAIN = "import sys; from lib.importer.sandbox import _forkserver; sys.exit(_forkserver(int(sys.argv[1])))"


class _ForkServer:
    """One warm fork server process and the thread that started it and reads its reports (the server's parent-
    death signal is that thread's, and the thread lives as long as the server)."""

    def __init__(self, stamp: tuple) -> None:
        self.stamp, self.started = stamp, time.monotonic()
        self.ready = threading.Event()
        self.retired = False  # takes no more jobs (its code changed, it failed, or stop())
        self.closed = False  # the process is gone
        self.ever_ready = False
        self.proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._lock, self._send_lock = threading.Lock(), threading.Lock()
        self._waiting: dict[int, list] = {}
        self._children: dict[int, _Forked] = {}
        self._jobs = itertools.count(1)
        threading.Thread(target=self._main, name="importer-fork-server", daemon=True).start()

    def _main(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _FORKSERVER_MAIN, str(theirs.fileno())], cwd=ROOT,
                env=_child_env(), pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        except OSError as exc:
            log.warning("importer fork server did not start (%s); jobs start fresh children", exc)
            self._end()
            return
        finally:
            theirs.close()
        with self._send_lock:
            self._sock = ours
        if self.retired:  # stop() came while it started
            self.retire()
        try:
            while True:
                msg = ours.recv(64)
                if not msg:
                    break
                self._take(msg)
        except OSError:
            pass
        self._end()
        code = self.proc.wait()
        ours.close()
        if not self.ever_ready:
            log.warning("importer fork server ended before it was ready (exit code %s); jobs start fresh children",
                        code)

    def _take(self, msg: bytes) -> None:
        kind, body = msg[:1], msg[1:]
        if kind == b"R":
            self.ever_ready = True
            self.ready.set()
        elif kind in (b"P", b"E"):
            job = int.from_bytes(body[:4], "little")
            child = _Forked(self, int.from_bytes(body[4:8], "little")) if kind == b"P" else None
            with self._lock:
                box = self._waiting.pop(job, None)
                if child is not None:
                    self._children[child.pid] = child
            if box is None:  # its job stopped waiting: nobody will talk to it
                if child is not None:
                    child.kill()
                return
            box.append(child)
            box[0].set()
        elif kind == b"X":
            pid, code = int.from_bytes(body[:4], "little"), int.from_bytes(body[4:8], "little", signed=True)
            with self._lock:
                child = self._children.pop(pid, None)
            if child is not None:
                child._exited(code)

    def _end(self) -> None:
        """The server is gone: its children died with it (their parent-death signal)."""
        with self._lock:
            self.retired = self.closed = True
            self.ready.clear()
            waiting, children = list(self._waiting.values()), list(self._children.values())
            self._waiting.clear()
            self._children.clear()
        for box in waiting:
            box[0].set()
        for child in children:
            child.lost = True
            child._exited(-9)

    def send(self, msg: bytes, fds: list[int] | None = None) -> bool:
        try:
            with self._send_lock:
                if self._sock is None or self.closed:
                    return False
                socket.send_fds(self._sock, [msg], fds or [])
            return True
        except OSError:
            return False

    def spawn(self) -> _Forked | None:
        """A child forked for one job, its pipes open on our side; None when the server cannot give one."""
        if self.retired or not self.ready.is_set():
            return None
        job = next(self._jobs) & 0xFFFFFFFF
        box: list = [threading.Event()]
        with self._lock:
            if self.retired:
                return None
            self._waiting[job] = box
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        try:
            sent = self.send(b"F" + job.to_bytes(4, "little"), [stdin_r, stdout_w, stderr_w])
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        child = None
        if sent and box[0].wait(_PID_WAIT_S):
            child = box[1] if len(box) > 1 else None
        with self._lock:
            self._waiting.pop(job, None)
        if child is None:
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            if sent and not self.retired:
                log.warning("importer fork server gave no child; jobs start fresh children until it is replaced")
                self.retire()
            return None
        child.stdin, child.stdout = os.fdopen(stdin_w, "wb"), os.fdopen(stdout_r, "rb")
        child.stderr = os.fdopen(stderr_r, "rb", buffering=0)
        return child

    def retire(self) -> None:
        """No more jobs: the server ends once its children have ended (their exit reports still come)."""
        with self._lock:
            self.retired = True
            self.ready.clear()
        with self._send_lock:
            if self._sock is not None:
                try:
                    socket.send_fds(self._sock, [b"Q"], [])
                except OSError:
                    pass


_SERVER: _ForkServer | None = None
_SERVER_LOCK = threading.Lock()
_RETRY_S = 60.0  # a fork server that ended before it was ready is not started again sooner on the same code


def _code_stamp() -> tuple:
    """What the fork server's imports were read from: every module under lib/, and the installed packages."""
    import sysconfig

    paths = sorted(ROOT.joinpath("lib").rglob("*.py")) + [Path(sysconfig.get_paths()["purelib"])]
    stamp = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        stamp.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stamp)


def _wanted() -> bool:
    """A fork server is worth keeping in a real Streamlit server (not AppTest's stand-in), or when asked for."""
    flag = os.environ.get(FORKSERVER_ENV, "")
    if flag in ("0", "1"):
        return flag == "1"
    runtime = sys.modules.get("streamlit.runtime.runtime")
    instance = getattr(getattr(runtime, "Runtime", None), "_instance", None)
    return instance is not None and type(instance) is runtime.Runtime


def _server() -> _ForkServer | None:
    """The current fork server, started (in the background) when there is none, it died or its code changed."""
    global _SERVER
    if not _wanted():
        return None
    stamp = _code_stamp()  # ~1 ms
    with _SERVER_LOCK:
        server = _SERVER
        if server is not None and not server.retired and server.stamp != stamp:
            log.info("importer code changed on disk: the fork server is replaced")
            server.retire()
        if server is not None and server.closed and not server.ever_ready and server.stamp == stamp:
            if time.monotonic() - server.started < _RETRY_S:  # it failed on this code: not again at once
                return None
        if server is None or server.retired:
            server = _SERVER = _ForkServer(stamp)
        return server


def _forked_child() -> _Forked | None:
    server = _server()
    return server.spawn() if server is not None else None


def warm(wait: float = 0.0) -> bool:
    """Start the fork server if one is wanted and none runs (a page may call this before its first job); True
    when it is ready, waiting up to wait seconds for that."""
    server = _server()
    if server is None:
        return False
    end = time.monotonic() + wait
    while not server.ready.wait(max(0.0, min(0.05, end - time.monotonic()))):
        if server.closed or time.monotonic() >= end:
            return False
    return True


def stop(wait: float = 5.0) -> None:
    """Retire the fork server (tests; a process that imports nothing more); it ends when its children have."""
    global _SERVER
    with _SERVER_LOCK:
        server, _SERVER = _SERVER, None
    if server is None:
        return
    server.retire()
    if server.proc is not None:
        try:
            server.proc.wait(wait)
        except subprocess.TimeoutExpired:
            server.proc.kill()


def read_upload(data: bytes, name: str, *, ocr: bool = True, on_progress: Progress | None = None, **limits):
    """An uploaded document as a Reading (text, and which text came from OCR), read in a limited child."""
    return run("read", {"data": bytes(data), "name": name, "ocr": ocr}, name, on_progress=on_progress, **limits)


def parse_text(text: str, aliases: dict[str, str] | None = None, ocr_text: str = "", name: str = "document",
               **limits):
    """parse_document(text, aliases) in a limited child, tasks read by OCR flagged; an ImportResult."""
    return run("parse", {"text": text, "aliases": aliases or {}, "ocr_text": ocr_text}, name, **limits)


def import_document(data: bytes, name: str, aliases: dict[str, str] | None = None, *, ocr: bool = True,
                    on_progress: Progress | None = None, **limits):
    """Read and parse a document in one limited child: (Reading, ImportResult)."""
    args = {"data": bytes(data), "name": name, "aliases": aliases or {}, "ocr": ocr}
    return run("import", args, name, on_progress=on_progress, **limits)


if __name__ == "__main__":
    sys.exit(_child())
