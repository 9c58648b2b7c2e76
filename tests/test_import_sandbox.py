"""Documents are read and parsed in a child process with limits on time, memory and unpacked size: hostile files
(zip bombs, a million-page PDF, a deflate bomb) end in a named message and the parent stays as it was."""

from __future__ import annotations

import resource
import subprocess
import sys
import threading

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
