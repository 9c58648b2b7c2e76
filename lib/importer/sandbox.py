"""Read and parse a document in a child process with limits on time, memory and CPU, so no file can pin the server.

The parent (the Import page, the CLI) sends a pickled request on the child's stdin; the child sets its own rlimits
first, does the work and sends a pickled reply on stdout. Progress (OCR pages) comes back as lines on stderr. A
child that runs past the time limit is killed; one that hits the memory limit reports it; either ends in one
DocumentError naming the file, while the parent's other sessions go on. The child is our own code started from our
own interpreter, so its pickled reply is trusted like any other module's return value.
"""

from __future__ import annotations

import logging
import os
import pickle
import selectors
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
MEMORY_MB = 2560  # address space of the child: OCR (onnxruntime) maps ~1.5 GB, text parsing far less
# how long a job waits for a free reading slot before the user is told to try again (FENGONG_READ_QUEUE_S: a
# test crowd on a busy machine waits instead of being told)
QUEUE_S = float(os.environ.get("FENGONG_READ_QUEUE_S", "60"))
_PROGRESS = "\x1efg-progress "
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


def _die_with_parent() -> None:
    """End this child when the server dies (OOM killer, deploy, SIGKILL), instead of reading on as init's orphan."""
    try:
        import ctypes
        import signal

        # PR_SET_PDEATHSIG = 1 (Linux): SIGKILL when the thread that started us ends; run() waits for the child
        # in that thread, so the thread outlives the child unless the server itself dies
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the CPU limit still ends an orphan
    parent = os.environ.get(_PARENT_ENV, "")
    if parent.isdigit() and os.getppid() != int(parent):
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


def _child() -> int:
    global _report
    _die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of libraries go to stderr, never into the pickled reply
    request = pickle.loads(sys.stdin.buffer.read())
    from PIL import Image

    from lib.importer.readers import MAX_IMAGE_PIXELS

    # Pillow's bomb guard (89 MP) would refuse with its own words; the importer checks its lower limit first
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    _limit(request["memory_mb"], request["cpu_s"])
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


def _run(op: str, args: dict, name: str, timeout: float, memory_mb: int, on_progress: Progress | None):
    """Start the child, watch it until it ends or runs out of time, and turn its reply into a value or an error."""
    total = max(timeout, min(MAX_TOTAL_S, timeout * 10)) if op != "parse" else timeout  # only reading reports
    # CPU seconds: the child runs one compute thread, so its own wall-clock limit; this bounds a child whose
    # parent can no longer kill it (the parent's clock is the real bound)
    request = pickle.dumps({"op": op, "args": args, "memory_mb": memory_mb, "cpu_s": int(total) + 2})
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               OMP_NUM_THREADS="1", **{_PARENT_ENV: str(os.getpid())})
    proc = subprocess.Popen([sys.executable, "-m", "lib.importer.sandbox"], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
    tail = _watch(proc, name, timeout, total, on_progress)
    for th in threads:
        th.join(timeout=5)
    return _reply(proc.returncode, b"".join(chunks), tail, name, timeout, memory_mb)


def _watch(proc: subprocess.Popen, name: str, timeout: float, total: float, on_progress: Progress | None) -> list[str]:
    """Read the child's stderr until it ends: progress lines move the deadline on (never past total), other lines
    are kept (the last five); a child past its deadline is killed. The last lines it wrote."""
    start = time.monotonic()
    deadline = start + timeout
    tail: list[str] = []
    buf = b""
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    try:
        while True:
            left = deadline - time.monotonic()
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
                    if on_progress is not None:
                        on_progress(done, of)
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
    return tail


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
