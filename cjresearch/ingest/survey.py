"""Survey answers from CSV/TSV/XLSX: text column(s) -> answers, other columns -> attributes.

Each non-empty answer is one turn of the stored text (answers separated by a blank line), with
the respondent as speaker and the column as question. Respondents become participants whose
attributes are the non-text columns.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from ..errors import UserError
from ..model import ParsedSource, Turn
from .encoding import decode

_ID_NAMES = ("respondent_id", "respondent", "response_id", "responseid", "id", "participant",
             "participant_id", "encuestado", "id_encuestado", "respuesta_id")
SEPARATOR = "\n\n"


def read_survey(path: Path, data: bytes, text_columns=None, id_column=None, **options) -> ParsedSource:
    frame = _read_frame(path, data)
    if frame.empty or len(frame.columns) == 0:
        raise UserError("the table has no rows", path=path)
    frame.columns = [str(c).strip() for c in frame.columns]
    text_columns, id_column, attr_columns = resolve_columns(frame, path, text_columns, id_column)
    ids = respondent_ids(frame, path, id_column)
    dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
    if dupes:
        raise UserError(f"respondent ids repeat in column {id_column!r}: {', '.join(dupes[:5])}",
                        path=path, hint="pass --id-column with a column that is unique per row")
    return _assemble(path, frame, ids, text_columns, attr_columns)


def resolve_columns(frame, path, text_columns=None, id_column=None):
    """``(text_columns, id_column, attr_columns)``: given or guessed from ``frame`` (the whole
    table, or the first chunk of a streamed one)."""
    if isinstance(text_columns, str):
        text_columns = [text_columns]
    text_columns = list(text_columns or _guess_text_columns(frame, path))
    missing = [c for c in text_columns if c not in frame.columns]
    if missing:
        raise UserError(f"no column named {', '.join(repr(c) for c in missing)}", path=path,
                        hint=f"columns are: {', '.join(frame.columns)}")
    id_column = id_column or _guess_id_column(frame)
    if id_column and id_column not in frame.columns:
        raise UserError(f"no id column named {id_column!r}", path=path,
                        hint=f"columns are: {', '.join(frame.columns)}")
    attr_columns = [c for c in frame.columns if c not in text_columns and c != id_column]
    return text_columns, id_column, attr_columns


def respondent_ids(frame, path, id_column, first_row: int = 0) -> list[str]:
    """One id per row: the id column, else ``<file stem>-<row number>``."""
    if id_column:
        return list(frame[id_column].astype(str).str.strip())
    return [f"{path.stem}-{i + 1}" for i in range(first_row, first_row + len(frame))]


def _read_frame(path: Path, data: bytes):
    import pandas as pd
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise UserError(f"the Excel file is damaged or not .xlsx ({type(exc).__name__})",
                            path=path)
        except Exception as exc:
            raise UserError(f"the Excel file cannot be read ({type(exc).__name__})", path=path)
        return frame.fillna("")
    text, _ = decode(data, path)
    sep = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                           skipinitialspace=False, engine="python" if len(text) < 2**20 else "c")
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        first = str(exc).strip().split("\n")[0]
        raise UserError(f"not a readable CSV table: {first}", path=path)


def _sniff_delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        header = sample.split("\n", 1)[0]
        return max(",;\t|", key=header.count)


def _guess_id_column(frame) -> str | None:
    lowered = {c.lower().replace(" ", "_"): c for c in frame.columns}
    for name in _ID_NAMES:
        if name in lowered:
            return lowered[name]
    return None


def _guess_text_columns(frame, path) -> list[str]:
    chosen = []
    for column in frame.columns:
        values = frame[column].astype(str).str.strip()
        values = values[values != ""]
        if values.empty:
            continue
        wordy = values.str.count(r"\s+").mean() >= 3
        numeric = values.str.fullmatch(r"[-+]?\d+([.,]\d+)?").mean() > 0.5
        if wordy and not numeric:
            chosen.append(column)
    if not chosen:
        raise UserError("cannot tell which column holds the answers", path=path,
                        hint=f"pass --text-column; columns are: {', '.join(frame.columns)}")
    return chosen


def _assemble(path, frame, ids, text_columns, attr_columns) -> ParsedSource:
    parts, turns, participants = answers(frame.to_dict("records"), ids, text_columns, attr_columns)
    if not turns:
        raise UserError(f"column(s) {', '.join(text_columns)} hold no answers", path=path)
    return ParsedSource(name=path.name, kind="survey", format=path.suffix.lower().lstrip("."),
                        text=SEPARATOR.join(parts), turns=turns, participants=participants,
                        meta={"text_columns": text_columns, "attribute_columns": attr_columns})


def answers(records, ids, text_columns, attr_columns):
    """``(parts, turns, participants)`` for rows of a table: the non-empty answers, their turns
    (offsets into ``SEPARATOR.join(parts)``) and each respondent's attributes. Shared by the
    whole-file reader and the streamed import (:mod:`cjresearch.ingest.stream`), chunk by chunk."""
    parts, turns, pos = [], [], 0
    participants = {}
    for rid, row in zip(ids, records):
        participants[rid] = {c: _value(row[c]) for c in attr_columns}
        for column in text_columns:
            answer = re.sub(r"\s+\Z", "", str(row.get(column, "") or "").replace("\r\n", "\n"))
            answer = answer.lstrip()
            if not answer:
                continue
            if parts:
                pos += len(SEPARATOR)
            turns.append(Turn(start=pos, end=pos + len(answer), speaker=rid, question=column,
                              respondent=rid))
            parts.append(answer)
            pos += len(answer)
    return parts, turns, participants


def _value(raw):
    """Attribute values: numbers become numbers so persona ranges work; blanks become None."""
    value = str(raw).strip()
    if value == "":
        return None
    if re.fullmatch(r"[-+]?\d+", value):
        return int(value)
    if re.fullmatch(r"[-+]?\d*[.]\d+", value):
        return float(value)
    return value
