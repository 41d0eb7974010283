"""Turns -> quotable segments of 1-3 sentences, with exact offsets into the source text.

A survey answer is one segment unless it is long. A segment never crosses a turn, so it always
has one speaker and one timestamp.
"""
from __future__ import annotations

from .model import ParsedSource, Segment
from .nlp import detect_language, pipeline

MAX_SENTENCES = 3
MAX_CHARS = 400
SHORT_CHARS = 25  # a sentence this short ("Sí.", "Yeah, totally.") joins its neighbour
SURVEY_MAX_CHARS = 600


def source_language(parsed: ParsedSource, evidence_turns) -> str:
    if parsed.language in ("es", "en"):
        return parsed.language
    sample = " ".join(parsed.text[t.start:t.end] for t in evidence_turns[:200])
    return detect_language(sample or parsed.text, default="en")


def segment_source(parsed: ParsedSource, is_evidence, language: str | None = None) -> list[Segment]:
    """Segments for every turn. ``is_evidence(turn)`` says whether a turn is evidence (not the
    interviewer's). Languages: per answer for surveys, per source otherwise."""
    flags = [bool(is_evidence(t)) for t in parsed.turns]
    lang = language if language in ("es", "en") else source_language(
        parsed, [t for t, f in zip(parsed.turns, flags) if f])
    per_turn_lang = []
    for turn in parsed.turns:
        if parsed.kind == "survey" and language not in ("es", "en"):
            turn.language = detect_language(parsed.text[turn.start:turn.end], default=lang)
        else:
            turn.language = turn.language or lang
        per_turn_lang.append(turn.language)
    segments: list[Segment] = []
    for lang_code in sorted(set(per_turn_lang)):
        idx = [i for i, l in enumerate(per_turn_lang) if l == lang_code]
        nlp = pipeline(lang_code)
        texts = (parsed.text[parsed.turns[i].start:parsed.turns[i].end] for i in idx)
        for i, doc in zip(idx, nlp.pipe(texts, batch_size=256)):
            turn = parsed.turns[i]
            limit = SURVEY_MAX_CHARS if parsed.kind == "survey" else MAX_CHARS
            for a, b in _groups(doc, limit, whole=parsed.kind == "survey"):
                segments.append(Segment(start=turn.start + a, end=turn.start + b, turn_index=i,
                                        speaker=turn.speaker, t0=turn.t0, t1=turn.t1,
                                        language=lang_code, is_evidence=flags[i]))
    segments.sort(key=lambda s: s.start)
    return segments


def _groups(doc, limit: int, whole: bool):
    """(start, end) char ranges within ``doc.text``: sentence groups, whitespace trimmed."""
    text = doc.text
    if whole and len(text) <= limit:
        spans = [(0, len(text))]
    else:
        spans = []
        group: list[tuple[int, int]] = []
        for sent in doc.sents:
            a, b = trim_span(text, sent.start_char, sent.end_char)
            if a >= b:
                continue
            if group and (len(group) >= MAX_SENTENCES or b - group[0][0] > limit) \
                    and (group[-1][1] - group[-1][0] >= SHORT_CHARS or len(group) >= MAX_SENTENCES):
                spans.append((group[0][0], group[-1][1]))
                group = []
            group.append((a, b))
        if group:
            spans.append((group[0][0], group[-1][1]))
    out = []
    for a, b in spans:
        a, b = trim_span(text, a, b)
        if a < b:
            out.append((a, b))
    return out


def trim_span(text: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` narrowed so ``text[a:b]`` neither starts nor ends with white space."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
