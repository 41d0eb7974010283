"""Coders: every one follows ``fit(segments, labels=None) -> self`` / ``predict(segments)``.

``segments`` is a DataFrame with at least ``text`` and ``language``; ``predict`` returns a tidy
codings frame (one row per segment x dimension x code) with origin, confidence and span.
"""
from .base import CODING_COLUMNS, BaseCoder, NotFittedError

__all__ = ["BaseCoder", "CODING_COLUMNS", "NotFittedError", "make_coder"]


CODERS = ("rules", "semantic", "codebook", "topics")


def make_coder(name: str, **params):
    if name == "rules":
        from .rules import RuleCoder
        return RuleCoder(**params)
    if name == "semantic":
        from .semantic import SemanticCoder
        return SemanticCoder(**params)
    if name == "codebook":
        from .codebook import CodebookCoder
        return CodebookCoder(**params)
    if name == "topics":
        from .topics import TopicCoder
        return TopicCoder(**params)
    from ..errors import UserError
    raise UserError(f"unknown coder {name!r}", hint=f"available: {', '.join(CODERS)}")
