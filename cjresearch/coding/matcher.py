"""Lexicon phrase matching on folded forms and lookup lemmas, with ``prefix*`` tokens.

Patterns are written as people say them ("no sé si", "recomend*"); they are tokenised and
lemmatised by the same pipeline as the text, so inflected forms match.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..nlp import fold, lemmas


@dataclass(frozen=True)
class Match:
    label: str
    weight: float
    i: int  # first token
    j: int  # one past the last token
    pattern: str


def lemma_table(nlp) -> dict:
    """The lookup lemma table for the pipeline's language (:func:`cjresearch.nlp.lemmas`)."""
    return lemmas(nlp.lang)


def token_keys(token, lemmas=None) -> frozenset[str]:
    """What a token can match: its folded form, the lemma of the form as written and the lemma
    of the lowercased form (a lookup table leaves "Compré" or "Ordered" unlemmatised)."""
    text = token.text
    keys = {fold(text)}
    if lemmas:
        keys.add(fold(lemmas.get(text, text)))
        lower = text.lower()
        if lower != text:
            keys.add(fold(lemmas.get(lower, lower)))
    return frozenset(k for k in keys if k)


class PhraseTable:
    """Compiled patterns for one language: ``{label: {pattern: weight}}``."""

    def __init__(self, nlp, table: dict[str, dict[str, float]]):
        self._lemmas = lemma_table(nlp)
        self._exact: dict[str, list] = defaultdict(list)
        self._prefix: list = []
        for label, patterns in (table or {}).items():
            for pattern, weight in (patterns or {}).items():
                steps = self._compile(nlp, str(pattern))
                if not steps:
                    continue
                entry = (str(label), float(weight), steps, str(pattern))
                kind, first = steps[0]
                if kind == "prefix":
                    self._prefix.append((first, entry))
                else:
                    for key in first:
                        self._exact[key].append(entry)

    def _compile(self, nlp, pattern: str):
        steps = []
        for word in pattern.split():
            if word.endswith("*") and len(word) > 1:
                steps.append(("prefix", fold(word[:-1])))
                continue
            for tok in nlp(word):
                steps.append(("exact", token_keys(tok, self._lemmas)))
        return steps

    def find(self, keys: list[frozenset[str]]) -> list[Match]:
        found = []
        n = len(keys)
        for i, here in enumerate(keys):
            # sorted: a frozenset's order follows the per-process string hash, and which of two
            # same-span patterns is kept must not depend on it
            candidates = [e for k in sorted(here) for e in self._exact.get(k, ())]
            candidates += [e for p, e in self._prefix if any(k.startswith(p) for k in here)]
            for label, weight, steps, pattern in candidates:
                j = i + len(steps)
                if j <= n and all(_step_ok(s, keys[i + d]) for d, s in enumerate(steps)):
                    found.append(Match(label, weight, i, j, pattern))
        return _drop_nested(found)


def _step_ok(step, keys: frozenset[str]) -> bool:
    kind, value = step
    if kind == "prefix":
        return any(k.startswith(value) for k in keys)
    return not value.isdisjoint(keys)


def _drop_nested(matches: list[Match]) -> list[Match]:
    """Within one label, a match inside a longer one of the same label is not counted twice; of
    two patterns on the same span, the heavier one counts (ties: the pattern's text)."""
    out = []
    for m in sorted(matches, key=lambda m: (m.i, m.j, m.label, -m.weight, m.pattern)):
        if not any(o is not m and o.label == m.label and o.i <= m.i and m.j <= o.j
                   and (o.j - o.i) > (m.j - m.i) for o in matches):
            if not any(o.label == m.label and o.i == m.i and o.j == m.j for o in out):
                out.append(m)
    return out
