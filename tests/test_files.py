"""Reading a file (tracer/files.py): one reader, one line saying what is wrong."""

from tracer import cli
from tracer import word_vectors as database
from tracer.files import whole as files
from helpers import error_of


# One reader for files; one load of the vectors per lesson.

def test_read_text_says_what_is_wrong_in_one_line(tmp_path):
    assert error_of(files.read_text, tmp_path / "no", 10, "trace file") == \
        f"{tmp_path / 'no'}: no such file"
    assert error_of(files.read_text, tmp_path, 10, "trace file") == \
        f"{tmp_path}: is a directory, not a trace file"
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2**20 + 1))
    assert error_of(files.read_text, big, 2**20, "vectors file") == \
        f"{big}: larger than 1 MB, too big for a vectors file"
    assert files.read_text(big, 2**20 + 1, "x") == " " * (2**20 + 1)
    latin = tmp_path / "latin.json"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    assert error_of(files.read_text, latin, 10, "trace file") == \
        f"{latin}: cannot be read (not UTF-8: byte 0xe9 at offset 3)"


def test_a_trace_file_and_a_vectors_file_are_refused_alike(tmp_path):
    assert error_of(cli.load_trace, str(tmp_path)) == \
        f"{tmp_path}: is a directory, not a trace file"
    assert error_of(database.load, tmp_path) == \
        f"{tmp_path}: is a directory, not a vectors file"
