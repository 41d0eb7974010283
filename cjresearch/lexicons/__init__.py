"""Lexicons are data: ``lexicons/<lang>/*.yaml`` and ``stop_words.txt``; this module loads them."""
from __future__ import annotations

import functools
from importlib import resources

import yaml

from ..errors import UserError


@functools.lru_cache(maxsize=None)
def load(lang: str, kind: str) -> dict:
    """``load("es", "phases")`` -> {label: {pattern: weight}} (or the file's own shape)."""
    ref = resources.files("cjresearch").joinpath(f"lexicons/{lang}/{kind}.yaml")
    try:
        data = yaml.safe_load(ref.read_text("utf-8"))
    except FileNotFoundError:
        raise UserError(f"no lexicon {kind!r} for language {lang!r}", path=f"lexicons/{lang}/{kind}.yaml")
    except yaml.YAMLError as exc:
        raise UserError(f"lexicon is not valid YAML: {str(exc).splitlines()[0]}",
                        path=f"lexicons/{lang}/{kind}.yaml")
    return data or {}
