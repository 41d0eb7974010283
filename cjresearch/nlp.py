"""The only place spaCy pipelines are built: ``spacy.blank(lang)`` + sentencizer + lookup lemmas.

No pipeline is downloaded: lemma tables come from the ``spacy-lookups-data`` package.
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata
from importlib import resources
from pathlib import Path

LANGUAGES = ("es", "en")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SPANISH_MARKS = re.compile(r"[ñ¿¡áéíóú]")


@functools.lru_cache(maxsize=None)
def stop_words(lang: str) -> frozenset[str]:
    try:
        text = resources.files("cjresearch").joinpath(f"lexicons/{lang}/stop_words.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def detect_language(text: str, default: str | None = None) -> str | None:
    """'es' or 'en' by stop-word share and Spanish-only characters; ``default`` when unsure.

    >>> detect_language("¿Cuánto tarda el envío a casa?")
    'es'
    """
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return default
    es, en = stop_words("es"), stop_words("en")
    score_es = sum(w in es for w in words) + 2 * len(_SPANISH_MARKS.findall(text[:5000].lower()))
    score_en = sum(w in en for w in words)
    if score_es == score_en:
        return default
    return "es" if score_es > score_en else "en"


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Envío' -> 'envio'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _import_spacy():
    """``import spacy`` without torch: thinc imports torch when it is installed (it is, for
    BERTopic's optional sentence-transformers), which costs 3-5 s on this machine and nothing
    here uses it. torch is hidden only while spaCy is imported; later imports of torch work."""
    import sys
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy
        return spacy
    sys.modules["torch"] = None  # makes "import torch" raise ImportError for thinc
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


@functools.lru_cache(maxsize=None)
def pipeline(lang: str):
    """A blank spaCy pipeline with a sentencizer (cached per language); lemmas: :func:`lemmas`."""
    spacy = _import_spacy()
    if lang not in LANGUAGES:
        lang = "en"
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def cache_dir() -> Path:
    """Where derived data (lemma tables, exemplar features) is kept between runs:
    ``$CJ_CACHE_DIR`` or ``~/.cache/cjresearch``. Everything in it can be rebuilt."""
    return Path(os.environ.get("CJ_CACHE_DIR") or Path.home() / ".cache" / "cjresearch")


def save_to_cache(path: Path, write) -> None:
    """Write a file of the cache directory atomically: ``write(fh)`` fills a per-process
    temporary file that is then renamed into place, so concurrent runs never read half a file.
    A read-only cache directory is fine: the caller computes the data again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
        with open(tmp, "wb") as fh:
            write(fh)
        tmp.replace(path)
    except OSError:
        pass


@functools.lru_cache(maxsize=None)
def lemmas(lang: str) -> dict:
    """The lookup lemma table of ``spacy-lookups-data`` for ``lang`` as a plain dict (form ->
    lemma), kept as a pickle in the cache directory: parsing the Spanish JSON (490k forms) and
    turning it into spaCy's hashed table took 3-6 s at every start; the pickle loads in ~0.3 s.
    Empty when the package is missing (forms still match, lemmas equal forms)."""
    import gzip
    import json
    import pickle
    if lang not in LANGUAGES:
        lang = "en"
    try:
        import spacy_lookups_data
        from importlib.metadata import version
        source = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
        tag = version("spacy-lookups-data")
    except Exception:  # not installed, or installed without metadata
        return {}
    if not source.exists():
        return {}
    cache = cache_dir() / f"lemmas-{lang}-{tag}.pickle"
    try:
        with open(cache, "rb") as fh:
            table = pickle.load(fh)
        if isinstance(table, dict):
            return table
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        table = {str(k): str(v) for k, v in json.load(fh).items()}
    save_to_cache(cache, lambda fh: pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL))
    return table
