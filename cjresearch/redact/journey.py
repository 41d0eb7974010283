"""Redacting a whole journey map (statements, quotes with their offsets, speakers, names)."""
from __future__ import annotations

import copy
from typing import Mapping

from .redactor import Redacted, Redactor, looks_like_name


# -- journeys --------------------------------------------------------------------------------
def redact_journey(journey, redactor: Redactor, sources: Mapping[int, str] | None = None):
    """A redacted deep copy of a :class:`~cjresearch.model.JourneyMap`; the original is untouched.

    * Quote texts are cut from the *redacted source text*: with the source text (``sources``
      maps source_id -> text, else ``redactor.source_text``, which :meth:`Redactor.for_project`
      provides), ``start``/``end`` become ``red.map_span(start, end)`` so that
      ``redactor.redact(source_text).text[start:end] == quote.text`` still holds, and a name cut
      by the quote boundary is still replaced whole. Without the source, the quote is redacted
      alone and ``end`` is moved to ``start + len(text)`` (offsets then only keep their length).
    * ``participant`` (a key) and ``speaker`` become the participant's pseudonym; a speaker we
      cannot tie to a participant is redacted as text ("Interviewer" stays).
    * Statements, item keys, persona name and summary, project name and source names are
      redacted too, with ``any_case``: BERTopic statements are built from lower-cased topic
      words ("harlow · car"), so a surname may arrive without its capital.
    * Left as they are: phase and lane labels (framework text), persona rules and picture path,
      counts, timestamps, coding ids.

    Typical use, before any exporter: ``redact_journey(journey, Redactor.for_project(con, terms))``.
    """
    out = copy.deepcopy(journey)
    cache: dict[int, Redacted | None] = {}

    def redacted_source(source_id):
        if source_id not in cache:
            text = (sources or {}).get(source_id) if sources is not None else redactor.source_text(source_id)
            cache[source_id] = redactor.redact(text) if text is not None else None
        return cache[source_id]

    label = lambda s: redactor(s, any_case=True)  # noqa: E731
    out.project = label(out.project)
    out.persona.name = label(out.persona.name)
    if isinstance(out.persona.summary, dict):
        out.persona.summary = {k: label(v) for k, v in out.persona.summary.items()}
    else:
        out.persona.summary = label(out.persona.summary)
    for item in out.items:
        item.statement = label(item.statement)
        item.key = label(item.key)
        for q in item.quotes:
            red = redacted_source(q.source_id)
            if red is not None and red.original[q.start:q.end] == q.text:
                q.start, q.end = red.map_span(q.start, q.end)
                q.text = red.text[q.start:q.end]
            else:
                q.text = redactor(q.text)
                q.end = q.start + len(q.text)
            q.speaker = _person(redactor, q.speaker, q.participant)
            q.participant = None if q.participant is None else redactor.pseudonym(q.participant)
            q.source = label(q.source)
    return out


def _person(redactor: Redactor, speaker, participant_key):
    if speaker is None:
        return None
    if participant_key is not None and looks_like_name(speaker):
        return redactor.pseudonym(participant_key)
    if redactor.knows(speaker):
        return redactor.pseudonym(speaker)
    red = redactor.redact(speaker)
    if len(red.spans) == 1 and red.spans[0].kind == "NAME" and red.text.startswith("[P-"):
        return red.text.strip("[]")
    return red.text
