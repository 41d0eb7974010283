"""The only place spaCy pipelines are built: ``spacy.blank(lang)`` + sentencizer + lookup lemmas.

No pipeline is downloaded: lemma tables come from the ``spacy-lookups-data`` package.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

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


@functools.lru_cache(maxsize=None)
def pipeline(lang: str):
    """A blank spaCy pipeline with a sentencizer and lookup lemmas (cached per language)."""
    import spacy
    if lang not in LANGUAGES:
        lang = "en"
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception:  # spacy-lookups-data missing: forms still match, lemmas equal forms
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    return nlp
