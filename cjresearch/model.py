"""Plain dataclasses for what a project holds. Offsets always point into ``Source.text``.

A segment or a coding never copies text: its quote is ``source.text[start:end]``, so a quote can
always be checked against what was said (the spaCy ``Span`` idea).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PHASES = ("awareness", "consideration", "purchase", "experience", "loyalty")
PHASE_LABELS = PHASES + ("none",)
EVIDENCE = ("motivation", "doubt", "pain", "delight", "other")
ORIGINS = ("manual", "rule", "topic", "model", "ensemble")
STATUSES = ("suggested", "accepted", "rejected")
DIMENSIONS = ("phase", "evidence", "touchpoint", "valence", "aspect", "theme", "custom")
ITEM_STATUSES = ("proposed", "accepted", "removed")


@dataclass
class Turn:
    """One speaker turn inside a source text: ``text[start:end]`` is what was said."""
    start: int
    end: int
    speaker: str | None = None
    t0: float | None = None  # seconds from the start of the recording
    t1: float | None = None
    question: str | None = None  # survey column the answer belongs to
    respondent: str | None = None  # survey respondent id
    language: str | None = None


@dataclass
class ParsedSource:
    """What a reader returns: the text we store, its turns, and what we learnt on the way."""
    name: str
    kind: str  # "interview" | "survey"
    format: str
    text: str
    turns: list[Turn]
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    participants: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> attributes
    interviewers: set[str] = field(default_factory=set)


@dataclass
class Segment:
    start: int
    end: int
    source_id: int | None = None
    turn_index: int | None = None
    speaker: str | None = None
    participant_key: str | None = None
    t0: float | None = None
    t1: float | None = None
    language: str | None = None
    is_evidence: bool = True
    id: int | None = None


@dataclass
class Persona:
    name: str
    summary: dict[str, str] | str = ""
    rule: dict[str, Any] = field(default_factory=dict)
    picture: str | None = None
    id: int | None = None

    def summary_in(self, lang: str) -> str:
        if isinstance(self.summary, dict):
            return self.summary.get(lang) or next(iter(self.summary.values()), "")
        return self.summary or ""


@dataclass
class Quote:
    coding_id: int | None
    segment_id: int
    text: str
    source: str
    source_id: int
    start: int
    end: int
    participant: str | None
    speaker: str | None
    t0: float | None
    language: str | None
    origin: str | None = None
    confidence: float | None = None


@dataclass
class MapItem:
    lane: str
    phase: str | None
    statement: str
    status: str = "proposed"
    origin: str = "auto"
    key: str | None = None
    position: int = 0
    n_segments: int = 0
    n_participants: int = 0
    valence: float | None = None
    quotes: list[Quote] = field(default_factory=list)
    id: int | None = None


@dataclass
class PhaseColumn:
    id: str
    label: str
    classic: list[str]
    description: str = ""
    emotion: float | None = None
    emotion_n: int = 0


@dataclass
class Lane:
    id: str
    label: str
    scope: str = "phase"
    help: str = ""


@dataclass
class JourneyMap:
    """The neutral tree every exporter renders (build once, render many)."""
    persona: Persona
    framework: str
    framework_name: str
    language: str
    phases: list[PhaseColumn]
    lanes: list[Lane]
    items: list[MapItem]
    n_participants: int = 0
    n_segments: int = 0
    project: str = ""
    generated_at: str = ""
    id: int | None = None

    def items_in(self, lane: str, phase: str | None = None, *, include_removed=False) -> list[MapItem]:
        out = [i for i in self.items if i.lane == lane and i.phase == phase
               and (include_removed or i.status != "removed")]
        return sorted(out, key=lambda i: (i.position, -i.n_participants, -i.n_segments))

    def all_quotes(self):
        for item in self.items:
            yield from item.quotes
