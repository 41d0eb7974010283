"""Coded spans from other tools -> offsets into our stored text (LF line ends, code points).

We store text with ``\\n`` line ends. A file with CRLF line ends is normalised once and its offsets
shifted to match. Some tools count offsets in a different line-end convention than the text they
wrote (a CRLF file with offsets over LF text, or LF text with offsets counted as if each line end
were two characters); when the selections carry their quoted text as ``name`` (QualCoder,
ATLAS.ti and we do), the reading under which those names match the text wins, and the report
says which one was used.
"""
from __future__ import annotations

import bisect
import re

AS_GIVEN, LF_COUNTED, CRLF_COUNTED = "as given", "counted over LF line ends", "counted over CRLF line ends"


def _shift(crs: list[int]):
    """Map an offset into a text with CR characters at ``crs`` to one into the text without them
    (an offset pointing at a dropped CR lands on the LF that follows it)."""
    return (lambda pos: pos - bisect.bisect_left(crs, pos)) if crs else (lambda pos: pos)


def readings(raw: str) -> tuple[str, list[tuple[str, int, object]]]:
    """The LF text and the candidate readings ``(name, length offsets may reach, mapper)``,
    the first being the straightforward one."""
    crs = [m.start() for m in re.finditer("\r\n", raw)]
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if crs:
        return text, [(AS_GIVEN, len(raw), _shift(crs)), (LF_COUNTED, len(text), _shift([]))]
    virtual = [j + i for i, j in enumerate(m.start() for m in re.finditer("\n", text))]
    return text, [(AS_GIVEN, len(raw), _shift([])), (CRLF_COUNTED, len(text) + len(virtual), _shift(virtual))]


def _squash(s: str) -> str:
    return " ".join(s.split())


def _matches(text: str, sel: dict, mapper) -> bool:
    """The selection's name is its quote (or the quote's start, cut with "…"), not a label:
    a label like "fruta" can match a shifted quote by chance, so short prefixes do not count."""
    name = _squash((sel.get("name") or "").rstrip("…"))
    quote = _squash(text[mapper(sel["start"]):mapper(sel["end"])])
    return len(name) >= 8 and quote.startswith(name) and len(name) >= min(len(quote), 40)


def choose(text: str, options, selections: list[dict]):
    """The reading to use: the first whose offsets all fit, unless another that also fits matches
    more selection names, and at least half of them. ``None`` when no reading fits every offset."""
    fitting = [o for o in options if all(0 <= s["start"] <= s["end"] <= o[1] for s in selections)]
    if not fitting:
        return None
    scores = [sum(_matches(text, s, o[2]) for s in selections) for o in fitting]
    best = max(range(len(fitting)), key=lambda i: (scores[i], -i))
    if fitting[best] is not options[0] and scores[best] * 2 < len(selections):
        return options[0] if options[0] in fitting else None  # no evidence for another reading
    return fitting[best]
