"""Reading a source file: whole, once, with the size limit exact and every failure one line."""

from __future__ import annotations

import os
import threading

import pytest

from deskapp.ingest.errors import IngestError
from deskapp.ingest.sources import read_file


def test_a_file_exactly_at_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_bytes(b"x" * 1000)
    assert read_file(path, limit=1000) == b"x" * 1000


def test_one_byte_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(IngestError, match="too large"):
        read_file(path, limit=1000)


def test_a_folder_and_a_missing_file_say_so(tmp_path):
    with pytest.raises(IngestError, match="is a folder"):
        read_file(tmp_path)
    with pytest.raises(IngestError, match="no such file"):
        read_file(tmp_path / "gone.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_read_to_its_end_and_held_to_the_limit(tmp_path):
    pipe = tmp_path / "wire.fifo"
    os.mkfifo(pipe)
    copy = b"Harbour strike ends\n\nLIMA (Reuters) - Dockers went back.\n" * 500

    def write(data: bytes) -> None:
        try:
            with open(pipe, "wb") as fh:
                for start in range(0, len(data), 4096):  # in pieces, as a pipe delivers
                    fh.write(data[start : start + 4096])
        except BrokenPipeError:
            pass  # the reader stopped at its limit

    writer = threading.Thread(target=write, args=(copy,))
    writer.start()
    assert read_file(pipe, named=True) == copy
    writer.join()

    writer = threading.Thread(target=write, args=(copy,))
    writer.start()
    with pytest.raises(IngestError, match="too large"):
        read_file(pipe, limit=len(copy) - 1, named=True)
    writer.join()
