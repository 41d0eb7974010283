"""Coding tables of any size: streamed in chunks, optionally on a dask.distributed cluster.

The coder is fitted once on the driver; every chunk is then coded by the same, already fitted
state (scattered to the workers when ``engine="dask"``), so the output does not depend on the
engine, the number of workers or the chunk size. Output is written chunk by chunk, in input
order, to ``OUT.part`` and renamed at the end: an interrupted run leaves no half-written OUT.

The coders themselves (``full`` and ``fast``) are in :mod:`cjresearch.scale.coders`.
"""
from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import UserError
from .coders import OUT_COLUMNS, _Stopwatch, code_chunk, make_coder

ENGINES = ("local", "dask")
STREAM_THRESHOLD = 64 * 2**20   # files above this many bytes are streamed when no chunksize is given
DEFAULT_CHUNKSIZE = 20_000
SAMPLE_SIZE = 2_000  # the student's agreement with known labels was the same at 1k, 2k and 4k (bench)


# -- reading ----------------------------------------------------------------------------------

@dataclass
class TableSource:
    """Where rows come from: a frame in memory or a CSV/TSV read in chunks."""
    frame: pd.DataFrame | None = None
    path: Path | None = None
    sep: str = ","
    encoding: str = "utf-8"
    columns: list | None = None

    def chunks(self, chunksize: int | None, usecols=None):
        if self.frame is not None:
            frame = self.frame if usecols is None else self.frame[usecols]
            step = chunksize or max(1, len(frame))
            for a in range(0, len(frame), step):
                yield frame.iloc[a:a + step].reset_index(drop=True)
            return
        reader = pd.read_csv(self.path, sep=self.sep, dtype=str, keep_default_na=False,
                             encoding=self.encoding, chunksize=chunksize or DEFAULT_CHUNKSIZE,
                             usecols=usecols)
        with reader:
            for chunk in reader:
                yield chunk.reset_index(drop=True)


def open_table(source, chunksize: int | None = None) -> TableSource:
    """A :class:`TableSource` for a frame or a path. Small files (and XLSX) are read whole with
    the same repairs as survey import; big CSV/TSV files, or any when ``chunksize`` is given, are
    streamed with the encoding and delimiter sniffed from their first megabyte."""
    if isinstance(source, pd.DataFrame):
        return TableSource(frame=source, columns=[str(c) for c in source.columns])
    path = Path(source)
    if not path.exists():
        raise UserError("file not found", path=path)
    streamable = path.suffix.lower() in (".csv", ".tsv", ".txt")
    if not streamable or (chunksize is None and path.stat().st_size <= STREAM_THRESHOLD):
        from ..coding.table import read_table
        frame = read_table(path)
        return TableSource(frame=frame, columns=[str(c) for c in frame.columns])
    from ..ingest.encoding import _decode_bytes, _looks_binary
    from ..ingest.survey import _sniff_delimiter
    with open(path, "rb") as fh:
        head = fh.read(2**20)
    if not head.strip():
        raise UserError("the file is empty", path=path)
    if _looks_binary(head):
        raise UserError("this is not a text table (binary content)", path=path)
    cut = head.rfind(b"\n")
    text, encoding = _decode_bytes(head[:cut + 1] if cut > 0 else head, path)
    sep = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    try:
        columns = list(pd.read_csv(io.StringIO(text), sep=sep, dtype=str, nrows=0).columns)
    except (pd.errors.ParserError, ValueError) as exc:
        raise UserError(f"not a readable CSV table: {str(exc).strip().splitlines()[0]}", path=path)
    if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return TableSource(path=path, sep=sep, encoding=encoding, columns=columns)


def sample_texts(source: TableSource, text_column: str, k: int = SAMPLE_SIZE, seed: int = 7,
                 chunksize: int | None = None) -> list[str]:
    """A seeded uniform sample of ``k`` texts, the same whatever the chunk size: row ``i`` gets
    the ``i``-th draw of one random stream; the ``k`` smallest draws win (in input order)."""
    rng = np.random.default_rng(seed)
    keys, texts, offset, kept_pos = np.zeros(0), [], 0, np.zeros(0, dtype=np.int64)
    for chunk in source.chunks(chunksize, usecols=[text_column]):
        col = chunk[text_column].fillna("").astype(str).tolist()
        draws = rng.random(len(col))
        keys = np.concatenate([keys, draws])
        texts = texts + col
        kept_pos = np.concatenate([kept_pos, np.arange(offset, offset + len(col))])
        offset += len(col)
        if len(keys) > 4 * k:
            keep = np.sort(np.argsort(keys, kind="stable")[:k])
            keys, kept_pos, texts = keys[keep], kept_pos[keep], [texts[i] for i in keep]
    keep = np.sort(np.argsort(keys, kind="stable")[:k])
    return [texts[i] for i in keep]


# -- engines ----------------------------------------------------------------------------------

def _progress(enabled):
    from tqdm.auto import tqdm
    return tqdm(unit=" rows", desc="coding", disable=None if enabled is None else not enabled,
                mininterval=0.5)


def _client(scheduler: str | None):
    """(client, cluster) — a 2-process LocalCluster unless an address is given."""
    from dask.distributed import Client, LocalCluster
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__})",
                            hint="check the address (tcp://HOST:8786) and that the scheduler runs")
    n = int(os.environ.get("CJ_DASK_WORKERS", "2"))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _local_results(coder, chunks, text_column):
    for chunk in chunks:
        yield code_chunk(coder, chunk, text_column)


def _dask_results(coder, chunks, text_column, scheduler, window: int | None = None):
    """Chunks submitted to the cluster with at most ``window`` in flight; yielded in order."""
    client, cluster = _client(scheduler)
    try:
        window = window or 2 * max(1, len(client.scheduler_info().get("workers", {})) or 2)
        state = client.scatter(coder, broadcast=True)
        pending = []
        for chunk in chunks:
            pending.append(client.submit(code_chunk, state, chunk, text_column, pure=False))
            if len(pending) >= window:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def fit_coder(source, text_column: str = "text", language: str = "auto", train=None,
              coder: str = "full", seed: int = 7, sample_size: int = SAMPLE_SIZE,
              chunksize: int | None = None):
    """The fitted coder state for a table (what :func:`code_table` broadcasts)."""
    from ..coding.table import read_training
    src = source if isinstance(source, TableSource) else open_table(source, chunksize)
    labelled = read_training(Path(train)) if train is not None and not isinstance(train, pd.DataFrame) \
        else train
    state = make_coder(coder, language, seed)
    sample = None
    if coder == "fast":
        clock = _Stopwatch(timings := {})
        sample = sample_texts(src, text_column, sample_size, seed, chunksize)
        clock("sample: one pass over the table")
        state.timings_ = timings
    return state.fit(labelled, sample)


def code_table(source, out, text_column: str = "text", language: str = "auto", train=None,
               coder: str = "full", engine: str = "local", scheduler: str | None = None,
               chunksize: int | None = None, seed: int = 7, sample_size: int = SAMPLE_SIZE,
               progress: bool | None = None, fitted=None) -> int:
    """Code every row of ``source`` (a frame or a CSV/TSV/XLSX path) into ``out`` (CSV): every
    input column plus phase, evidence, valence, touchpoint, confidence. Returns the row count.

    ``engine="dask"`` codes the chunks on a dask.distributed cluster (``scheduler`` address, or a
    2-worker LocalCluster); the output is identical to ``engine="local"``."""
    if engine not in ENGINES:
        raise UserError(f"unknown engine {engine!r}", hint=", ".join(ENGINES))
    src = open_table(source, chunksize)
    where = None if isinstance(source, pd.DataFrame) else Path(source)
    if text_column not in (src.columns or []):
        raise UserError(f"no column named {text_column!r}", path=where,
                        hint=f"columns are: {', '.join(map(str, src.columns or []))}")
    state = fitted if fitted is not None else fit_coder(src, text_column, language, train, coder, seed,
                                                        sample_size, chunksize)
    chunks = src.chunks(chunksize)
    results = (_dask_results(state, chunks, text_column, scheduler) if engine == "dask"
               else _local_results(state, chunks, text_column))
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    n = 0
    bar = _progress(progress)
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            header = True
            for frame in results:
                frame.to_csv(fh, index=False, header=header)
                header = False
                n += len(frame)
                bar.update(len(frame))
            if header:  # no rows at all: the header alone, as a one-pass write would give
                pd.DataFrame(columns=list(src.columns or []) + OUT_COLUMNS).to_csv(fh, index=False)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
    tmp.replace(out)
    return n
