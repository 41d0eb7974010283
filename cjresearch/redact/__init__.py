"""Redaction of personal data before anything leaves the project (every export format):
:class:`Redactor` (:mod:`.redactor`, with the shaped-data finders in :mod:`.patterns`) and
:func:`redact_journey` (:mod:`.journey`). The word lists are data in ``lexicons/<lang>/redaction.yaml``."""
from .journey import redact_journey
from .redactor import AMBIGUOUS, KINDS, Redacted, Redactor, Span, looks_like_name

__all__ = ["AMBIGUOUS", "KINDS", "Redacted", "Redactor", "Span", "looks_like_name", "redact_journey"]
