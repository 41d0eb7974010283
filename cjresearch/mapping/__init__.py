"""Persona x framework -> JourneyMap: proposals from codings, persisted so edits survive rebuilds."""
from .build import build_map, read_map
from .persona import matches, select_participants

__all__ = ["build_map", "read_map", "matches", "select_participants"]
