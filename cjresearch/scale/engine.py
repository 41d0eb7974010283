"""Coding tables of any size: streamed in chunks, optionally on a dask.distributed cluster.

The coder is fitted once on the driver; every chunk is then coded by the same, already fitted
state (scattered to the workers when ``engine="dask"``), so the output does not depend on the
engine, the number of workers or the chunk size. Output is written chunk by chunk, in input
order, to ``OUT.part`` and renamed at the end: an interrupted run leaves no half-written OUT.

Two coders:

* ``"full"`` (default; what ``cjresearch code IN.csv`` always did): semantic coder (USE sentence
  embedding + rule scores -> logistic regression) for phase/evidence, rule coder for valence and
  touchpoint. ~1 000 answers/s on 2 cores, bound by the embedder.
* ``"fast"``: a hashed bag-of-words linear model distilled from the full coder on a seeded sample
  of the input (plus the labelled file, if any). No spaCy and no embedding at coding time, so a
  million answers take about a minute; agreement with the full coder is printed by
  ``bench/bench_coding.py``.
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

ENGINES = ("local", "dask")
CODERS = ("full", "fast")
OUT_COLUMNS = ["phase", "evidence", "valence", "touchpoint", "confidence"]
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


# -- coders -----------------------------------------------------------------------------------

def _languages(texts, language: str) -> list[str]:
    from ..nlp import detect_language
    if language in ("es", "en"):
        return [language] * len(texts)
    return [detect_language(t, default="en") for t in texts]


class FullCoder:
    """The semantic coder for phase/evidence + the rule coder for valence/touchpoint, with the
    rule analysis done once per text (it feeds both)."""

    def __init__(self, language: str = "auto", seed: int = 7):
        self.language, self.seed = language, seed

    def fit(self, train: pd.DataFrame | None = None, sample: list[str] | None = None):
        from ..coding.semantic import SemanticCoder
        coder = SemanticCoder(seed=self.seed)
        if train is not None:
            texts = train["text"].astype(str)
            segs = pd.DataFrame({"text": texts, "language": _languages(texts.tolist(), self.language)})
            coder.fit(segs, train[[c for c in ("phase", "evidence") if c in train.columns]])
        else:
            coder.fit()
        self.models_ = coder.models_
        return self

    def __getstate__(self):  # the spaCy tables are rebuilt lazily wherever the coder runs
        return {k: v for k, v in self.__dict__.items() if k not in ("semantic_",)}

    def _semantic(self):
        if "semantic_" not in self.__dict__:
            from ..coding.semantic import SemanticCoder
            coder = SemanticCoder(seed=self.seed)
            coder.models_ = self.models_
            self.semantic_ = coder
        return self.semantic_

    def label(self, texts: list[str], timings: dict | None = None) -> pd.DataFrame:
        from ..coding.embed import get_embedder
        from ..coding.features import rule_features
        clock = _Stopwatch(timings)
        coder = self._semantic()
        langs = _languages(texts, self.language)
        rules, embedder = coder._rules(), get_embedder(coder.embedder)
        if timings is not None:  # profiling: load tables and weights first so stages time apart
            for lang in set(langs):
                rules._tables(lang)
            clock("rules: spaCy import + lemma/lexicon tables")
        analyses = rules.analyse_docs(texts, langs)
        clock("rules: analysing the sample")
        if timings is not None:
            embedder.encode(["warm up"])
            clock("embedder: loading USE weights")
        emb = embedder.encode(texts)
        clock("embedder: encoding the sample")
        x = np.hstack([emb, coder.rule_weight * rule_features(analyses)]).astype(np.float32)
        probs = coder.predict_proba(None, x=x)
        clock("teacher: logistic models")
        out, conf = {}, []
        for dim in ("phase", "evidence"):
            p = probs[dim]
            out[dim] = p.columns[p.to_numpy().argmax(axis=1)]
            conf.append(p.to_numpy().max(axis=1))
        decided = [rules.decide(a) for a in analyses]
        out["valence"] = [d["valence"][0] for d in decided]
        out["touchpoint"] = [d["touchpoint"][0][0] if d["touchpoint"] else "" for d in decided]
        out["confidence"] = [round(float(min(a, b)), 4) for a, b in zip(*conf)]
        return pd.DataFrame(out, columns=OUT_COLUMNS)


class _Stopwatch:
    """Adds the seconds since the previous call to ``timings[stage]`` (a no-op without a dict):
    the fit's own profile, printed by bench/bench_coding.py."""

    def __init__(self, timings: dict | None):
        import time
        self.timings, self._now = timings, time.perf_counter
        self.last = self._now()

    def __call__(self, stage: str) -> None:
        now = self._now()
        if self.timings is not None:
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


_WORD = __import__("re").compile(r"\w\w+")


def _words_and_bigrams(text: str) -> list[str]:
    """scikit-learn's default word uni+bigram analyser, written out: the same tokens (the
    matrices are identical, tested) at 1.4x the speed — hashing is most of the coding pass."""
    words = _WORD.findall(text.lower())
    return words + [a + " " + b for a, b in zip(words, words[1:])]


def _hasher():
    from sklearn.feature_extraction.text import HashingVectorizer
    return HashingVectorizer(n_features=2**18, analyzer=_words_and_bigrams, alternate_sign=False,
                             norm="l2", dtype=np.float32)


class FastCoder:
    """Hashed word uni+bigrams -> one logistic model (SGD) per output, distilled from :class:`FullCoder`
    on a sample (the teacher's labels), plus the shipped exemplars for phase and evidence and the
    researcher's labels when given (weighted 3×)."""

    TRAIN_WEIGHT = 3.0
    EXEMPLAR_WEIGHT = 1.0

    def __init__(self, language: str = "auto", seed: int = 7, alpha: float = 1e-5):
        self.language, self.seed, self.alpha = language, seed, alpha

    def fit(self, train: pd.DataFrame | None = None, sample: list[str] | None = None):
        from sklearn.linear_model import SGDClassifier
        sample = [t for t in (sample or []) if t.strip()]
        self.timings_ = getattr(self, "timings_", {})
        clock = _Stopwatch(self.timings_)
        teacher = FullCoder(self.language, self.seed).fit(train)
        self.teacher_models_ = teacher.models_
        clock("teacher: fitting on the exemplars (+ labels)")
        taught = teacher.label(sample, self.timings_) if sample else pd.DataFrame(columns=OUT_COLUMNS)
        clock = _Stopwatch(self.timings_)
        hasher = _hasher()
        x_sample = hasher.transform(sample) if sample else None
        from ..coding.semantic import load_exemplars
        ex = load_exemplars()
        exemplars = {dim: ex[ex["dimension"] == dim] for dim in ("phase", "evidence")}
        self.models_ = {}
        for dim in ("phase", "evidence", "valence", "touchpoint"):
            xs, ys, ws = [], [], []
            if sample:
                xs.append(x_sample)
                ys.append(taught[dim].astype(str).to_numpy())
                ws.append(np.ones(len(sample)))
            if dim in exemplars:  # the shipped exemplars: labelled text in both languages
                xs.append(hasher.transform(exemplars[dim]["text"].tolist()))
                ys.append(exemplars[dim]["label"].astype(str).to_numpy())
                ws.append(np.full(len(exemplars[dim]), self.EXEMPLAR_WEIGHT))
            if train is not None and dim in train.columns:
                have = train[dim].notna() & (train[dim].astype(str) != "")
                if have.any():
                    xs.append(hasher.transform(train.loc[have, "text"].astype(str).tolist()))
                    ys.append(train.loc[have, dim].astype(str).to_numpy())
                    ws.append(np.full(int(have.sum()), self.TRAIN_WEIGHT))
            if not xs:
                continue
            import scipy.sparse as sp
            x, y, w = sp.vstack(xs).tocsr(), np.concatenate(ys), np.concatenate(ws)
            if len(set(y)) < 2:
                self.models_[dim] = str(y[0])
                continue
            model = SGDClassifier(loss="log_loss", alpha=self.alpha, max_iter=100, tol=1e-4,
                                  random_state=self.seed)
            self.models_[dim] = model.fit(x, y, sample_weight=w)
        clock("student: hashing + SGD")
        if "phase" not in self.models_ or "evidence" not in self.models_:
            raise UserError("the fast coder needs some answers to learn from", hint="the table is empty")
        return self

    def label(self, texts: list[str]) -> pd.DataFrame:
        x = _hasher().transform(texts)
        out, conf = {}, []
        for dim in ("phase", "evidence", "valence", "touchpoint"):
            model = self.models_.get(dim, "")
            if isinstance(model, str):
                out[dim] = [model] * len(texts)
                if dim in ("phase", "evidence"):
                    conf.append(np.ones(len(texts)))
                continue
            p = model.predict_proba(x)
            out[dim] = model.classes_[p.argmax(axis=1)]
            if dim in ("phase", "evidence"):
                conf.append(p.max(axis=1))
        out["valence"] = [int(v) if str(v).lstrip("-").isdigit() else 0 for v in out["valence"]]
        out["confidence"] = [round(float(min(a, b)), 4) for a, b in zip(*conf)]
        return pd.DataFrame(out, columns=OUT_COLUMNS)


def make_coder(kind: str, language: str = "auto", seed: int = 7):
    if kind == "full":
        return FullCoder(language, seed)
    if kind == "fast":
        return FastCoder(language, seed)
    raise UserError(f"unknown coder {kind!r}", hint=", ".join(CODERS))


def code_chunk(coder, chunk: pd.DataFrame, text_column: str) -> pd.DataFrame:
    """One chunk: every input column plus :data:`OUT_COLUMNS` (what runs on a worker)."""
    texts = chunk[text_column].fillna("").astype(str).tolist()
    labels = coder.label(texts) if texts else pd.DataFrame(columns=OUT_COLUMNS)
    out = chunk.reset_index(drop=True).copy()
    for col in OUT_COLUMNS:
        out[col] = labels[col].to_numpy() if len(labels) else pd.Series(dtype=object)
    return out


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
