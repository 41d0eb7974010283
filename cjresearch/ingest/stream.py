"""Streamed import of a survey CSV/TSV too big to hold in memory several times over.

``read_survey`` holds the bytes, the decoded text, a DataFrame, the records and the joined answer
text at once. Here the file is read in chunks of ``chunksize`` rows (``scale.engine.open_table``
sniffs delimiter and encoding, ``TableSource.chunks`` reads); each chunk's answers are segmented
and stored before the next is read. The stored result is the one the whole-file path stores:

* the encoding is decided over the *whole* file first (one pass over the raw bytes in blocks:
  UTF-8 if all of it is UTF-8, else cp1252, else latin-1, as ``encoding.decode`` does), so a
  stray byte on row 15 000 cannot switch decoding half-way;
* each cell gets the repairs ``decode`` applies to the whole text (NULs dropped, ``\\n`` line
  ends, mojibake fixed, NFC);
* text and id columns are guessed from the first chunk with the whole-file reader's functions;
  the source language default comes from the first 200 answers, as ``segment_source`` does;
* the content hash is the same one (``tables.content_hash``), computed while streaming, so a file
  already in the project (imported either way) is skipped.

The answer text of one source is one SQLite value: it is spooled to a temporary file and written
at the end through SQLite's incremental blob I/O (SQLite itself needs about twice its UTF-8 size
for a moment then). The caller holds the transaction (``store.atomic``); a bad row raises one
:class:`UserError` naming the file and row and nothing of the file is kept.
"""
from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import json
import sqlite3
import tempfile
import unicodedata
import uuid
from collections import Counter
from pathlib import Path

from ..errors import UserError
from ..model import ParsedSource
from ..scale.engine import DEFAULT_CHUNKSIZE, STREAM_THRESHOLD, _progress, open_table
from .encoding import _fix_mojibake
from .survey import SEPARATOR, answers, resolve_columns, respondent_ids

STREAM_SUFFIXES = (".csv", ".tsv")
BLOCK = 2**20
LANGUAGE_SAMPLE = 200  # answers the source language default is detected from (segment_source)
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def should_stream(path: Path, chunksize: int | None) -> bool:
    """CSV/TSV files above ``STREAM_THRESHOLD`` bytes, or any CSV/TSV when ``chunksize`` is given.
    UTF-16 files are read whole (``open_table`` takes their NUL bytes for binary content)."""
    path = Path(path)
    if path.suffix.lower() not in STREAM_SUFFIXES or not path.is_file():
        return False
    if chunksize is None and path.stat().st_size <= STREAM_THRESHOLD:
        return False
    with open(path, "rb") as fh:
        head = fh.read(2)
    return head not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def import_survey_stream(con, path, text_columns=None, id_column=None, language: str = "auto",
                         chunksize: int | None = None, progress: bool | None = None) -> dict:
    """Store one survey file chunk by chunk; returns the result dict ``store_parsed`` returns.
    Must run inside ``store.atomic(con)``."""
    path = Path(path)
    if chunksize is not None and (not isinstance(chunksize, int) or chunksize < 1):
        raise UserError(f"chunksize must be a positive number of rows, not {chunksize!r}")
    encoding = _whole_file_encoding(path)
    table = open_table(path, chunksize=chunksize or DEFAULT_CHUNKSIZE)
    table.encoding = encoding
    con.execute("SAVEPOINT cj_stream")
    try:
        with tempfile.TemporaryFile(prefix="cj-stream-") as spool, \
                contextlib.ExitStack() as stack:
            if encoding == "utf-8-sig":  # decode() replaces bad bytes after a BOM; pandas cannot
                table.path = stack.enter_context(io.TextIOWrapper(
                    open(path, "rb"), encoding="utf-8-sig", errors="replace", newline=""))
            result = _Import(con, path, spool, text_columns, id_column, language).run(
                table.chunks(chunksize or DEFAULT_CHUNKSIZE), progress)
    except BaseException:
        try:
            con.execute("ROLLBACK TO cj_stream")
            con.execute("RELEASE cj_stream")
        except sqlite3.Error:  # must not hide the error that got us here
            pass
        raise
    if result["status"] == "skipped":
        con.execute("ROLLBACK TO cj_stream")
    con.execute("RELEASE cj_stream")
    return result


# -- the whole-file encoding decision, in blocks -----------------------------------------------

def _whole_file_encoding(path: Path) -> str:
    """The encoding ``encoding._decode_bytes`` would pick for the whole file, without holding it."""
    from .encoding import _looks_binary, refuse_empty_or_known_binary
    if not path.exists():
        raise UserError("file not found", path=path)
    with open(path, "rb") as fh:
        head = fh.read(BLOCK)
        refuse_empty_or_known_binary(head, path)
        if head.startswith(codecs.BOM_UTF8):  # decoded as UTF-8, bad bytes replaced (decode())
            return "utf-8-sig"
        if _looks_binary(head):
            raise UserError("this looks like a binary file, not text", path=path,
                            hint="export it as .txt, .docx, .vtt, .srt, .csv or .xlsx")
        utf8, cp1252 = codecs.getincrementaldecoder("utf-8")(), True
        block = head
        try:
            while block:
                if cp1252 and any(b in block for b in _CP1252_UNDEFINED):
                    cp1252 = False
                if utf8 is not None:
                    try:
                        utf8.decode(block)
                    except UnicodeDecodeError:
                        utf8 = None
                block = fh.read(BLOCK)
            if utf8 is not None:
                utf8.decode(b"", final=True)
        except UnicodeDecodeError:  # truncated multi-byte character at the very end
            utf8 = None
    if utf8 is not None:
        return "utf-8"
    return "cp1252" if cp1252 else "latin-1"


def _clean(value: str) -> str:
    """The repairs ``encoding.decode`` makes to the whole text, made to one cell."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not value.isascii():
        value = unicodedata.normalize("NFC", _fix_mojibake(value))
    return value


# -- one file -------------------------------------------------------------------------------

class _Import:
    def __init__(self, con, path: Path, spool, text_columns, id_column, language: str):
        self.con, self.path, self.spool = con, path, spool
        self.text_columns, self.id_column = text_columns, id_column
        self.language = language if language in ("es", "en") else None
        self.sha = hashlib.sha256(b"survey\0")
        self.nbytes = self.nchars = 0     # answer text so far (UTF-8 bytes, characters)
        self.rows = self.turns = self.segments = self.participants = 0
        self.languages: Counter = Counter()
        self.default_language = self.language
        self.pending: list = []           # chunks waiting for the language default
        self.source_id = None

    def run(self, chunks, progress) -> dict:
        bar = _progress(progress)
        bar.set_description(f"importing {self.path.name}")
        try:
            for frame in self._frames(chunks):
                self._take(frame)
                bar.update(len(frame))
            self._flush(final=True)
        finally:
            bar.close()
        if self.source_id is None:
            raise UserError("the table has no rows", path=self.path)
        if not self.turns:
            raise UserError(f"column(s) {', '.join(self.text_columns)} hold no answers", path=self.path)
        return self._finish()

    def _frames(self, chunks):
        import pandas as pd
        it = iter(chunks)
        while True:
            try:
                frame = next(it)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:  # before ValueError, its base class
                raise UserError(f"cannot decode the text ({exc.reason}); the first {self.rows:,} "
                                "rows read fine", path=self.path)
            except (pd.errors.ParserError, ValueError) as exc:
                first = str(exc).strip().split("\n")[0].replace("Error tokenizing data. C error: ", "")
                raise UserError(f"not a readable CSV table: {first} (the first {self.rows:,} rows "
                                "read fine)", path=self.path)
            yield frame

    def _take(self, frame) -> None:
        from ..importing import check_turn_length
        frame.columns = [_clean(str(c)).strip() for c in frame.columns]
        for column in frame.columns:
            frame[column] = [_clean(v) if isinstance(v, str) else v for v in frame[column]]
        if self.source_id is None:
            if frame.empty:
                raise UserError("the table has no rows", path=self.path)
            self.text_columns, self.id_column, self.attr_columns = resolve_columns(
                frame, self.path, self.text_columns, self.id_column)
            self._start_source()
        first_row = self.rows
        ids = respondent_ids(frame, self.path, self.id_column, first_row=first_row)
        self._check_ids(ids, first_row)
        parts, turns, participants = answers(frame.to_dict("records"), ids, self.text_columns,
                                             self.attr_columns)
        self.rows += len(frame)
        check_turn_length(turns, self.path)
        self.pending.append((parts, turns, participants))
        self._flush()

    def _check_ids(self, ids: list[str], first_row: int) -> None:
        """Respondent ids are unique over the whole file: kept in a temporary table, not memory."""
        seen, repeats = set(), []
        for n, key in enumerate(ids):
            if key in seen:
                repeats.append((first_row + n + 1, key))
            seen.add(key)
        known = {r[0] for r in self.con.execute(
            "SELECT key FROM temp.cj_stream_ids WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(seen)),))}
        repeats += [(first_row + n + 1, k) for n, k in enumerate(ids) if k in known]
        if not repeats:
            self.con.executemany("INSERT INTO temp.cj_stream_ids(key) VALUES (?)",
                                 [(k,) for k in seen])
        else:
            row, _ = min(repeats)
            keys = sorted({k for _, k in repeats})
            raise UserError(f"respondent ids repeat in column {self.id_column!r}: "
                            f"{', '.join(keys[:5])} (first at row {row:,})", path=self.path,
                            hint="pass --id-column with a column that is unique per row")

    def _start_source(self) -> None:
        from .. import tables
        self.con.execute("CREATE TEMP TABLE IF NOT EXISTS cj_stream_ids(key TEXT PRIMARY KEY)")
        self.con.execute("DELETE FROM temp.cj_stream_ids")
        self.stub = ParsedSource(name=self.path.name, kind="survey",
                                 format=self.path.suffix.lower().lstrip("."), text="", turns=[],
                                 meta={"text_columns": self.text_columns,
                                       "attribute_columns": self.attr_columns})
        # the real hash is known at the end; a placeholder keeps sha256 UNIQUE meanwhile
        self.source_id = tables.insert_source(self.con, self.stub, f"streaming:{uuid.uuid4().hex}",
                                              str(self.path), None)

    def _flush(self, final: bool = False) -> None:
        """Segment and store the pending chunks once the source language default is known
        (``segment_source`` detects it from the first 200 answers of the whole file)."""
        if self.default_language is None:
            sample = [p for parts, _, _ in self.pending for p in parts][:LANGUAGE_SAMPLE]
            if len(sample) < LANGUAGE_SAMPLE and not final:
                return
            if not sample:
                return
            from ..nlp import detect_language
            self.default_language = detect_language(" ".join(sample), default="en")
        for item in self.pending:
            self._store(*item)
        self.pending = []

    def _store(self, parts, turns, participants) -> None:
        from .. import tables
        from ..segment import segment_source
        ids = {key: tables.upsert_participant(self.con, key=key, attributes=attrs)
               for key, attrs in participants.items()}
        if not turns:
            return
        text = SEPARATOR.join(parts)
        data = (SEPARATOR if self.nchars else "").encode("utf-8") + text.encode("utf-8")
        limit = self.con.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
        if self.nbytes + len(data) >= limit:  # checked as we go: no point segmenting the rest
            raise UserError(f"the answers up to row {self.rows:,} add up to more than "
                            f"{limit // 2**20:,} MB of text, the most one source can hold",
                            path=self.path, hint="split the file")
        chunk = ParsedSource(name=self.stub.name, kind="survey", format=self.stub.format, text=text,
                             turns=turns, language=self.default_language)
        segments = segment_source(chunk, lambda t: True, language=self.language)
        base = self.nchars + (len(SEPARATOR) if self.nchars else 0)
        self.spool.write(data)
        self.sha.update(data)
        self.nbytes += len(data)
        self.nchars = base + len(text)
        for t in turns:
            t.start += base
            t.end += base
        for s in segments:
            s.start += base
            s.end += base
        pids = [ids.get(t.respondent) for t in turns]
        evidence = [True] * len(turns)
        turn_ids = tables.insert_turns(self.con, self.source_id, chunk, pids, evidence,
                                       first_idx=self.turns)
        self.segments += tables.insert_segments(self.con, self.source_id, segments, turn_ids, pids)
        self.turns += len(turns)
        self.participants += len({p for p in pids if p})
        self.languages.update(t.language for t in turns if t.language)

    def _finish(self) -> dict:
        sha = self.sha.hexdigest()
        dup = self.con.execute("SELECT id, name FROM sources WHERE sha256=? AND id<>?",
                               (sha, self.source_id)).fetchone()
        if dup:
            return {"file": str(self.path), "status": "skipped", "source_id": dup["id"],
                    "warnings": [f"same content already imported as {dup['name']!r}"]}
        # _majority(): the most common answer language (a tie goes the same way as there)
        language = self.language or (max(set(self.languages), key=self.languages.get)
                                     if self.languages else None)
        self.con.execute("UPDATE sources SET text=CAST(zeroblob(?) AS TEXT), sha256=?, language=? "
                         "WHERE id=?", (self.nbytes, sha, language, self.source_id))
        self.spool.seek(0)
        with self.con.blobopen("sources", "text", self.source_id) as blob:
            while True:
                block = self.spool.read(BLOCK)
                if not block:
                    break
                blob.write(block)
        self.con.execute("DROP TABLE IF EXISTS temp.cj_stream_ids")
        return {"file": str(self.path), "status": "imported", "source_id": self.source_id,
                "kind": "survey", "format": self.stub.format, "language": language,
                "turns": self.turns, "segments": self.segments, "participants": self.participants,
                "warnings": []}
