"""Journey frameworks (phase sets) are YAML data files in this folder; users can add their own.

Each phase lists the ``classic`` ids it covers, so maps built with different presets compare.
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

import yaml

from ..errors import UserError
from ..model import PHASES

_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


def builtin_names() -> list[str]:
    folder = resources.files("cjresearch").joinpath("frameworks")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml") and p.name != "lanes.yaml")


@functools.lru_cache(maxsize=None)
def load_builtin(name: str) -> dict:
    if name not in builtin_names():
        raise UserError(f"unknown framework {name!r}", hint=f"built in: {', '.join(builtin_names())}; "
                        "or add your own YAML with Project.add_framework")
    text = resources.files("cjresearch").joinpath(f"frameworks/{name}.yaml").read_text("utf-8")
    return validate(yaml.safe_load(text), f"frameworks/{name}.yaml")


def load_file(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read framework file ({exc.__class__.__name__})", path=path)
    except yaml.YAMLError as exc:
        raise UserError(f"framework file is not valid YAML: {str(exc).splitlines()[0]}", path=path)
    return validate(data, path)


def validate(data, where) -> dict:
    """Check a framework dict; errors name the file and the key."""
    if not isinstance(data, dict):
        raise UserError("a framework must be a mapping with 'id' and 'phases'", path=where)
    fid = data.get("id")
    if not isinstance(fid, str) or not _ID.match(fid):
        raise UserError("'id' must be lowercase letters, digits, '-' or '_'", path=where)
    phases = data.get("phases")
    if not isinstance(phases, list) or not phases:
        raise UserError("'phases' must be a non-empty list", path=where)
    seen, covered = set(), set()
    for i, phase in enumerate(phases):
        if not isinstance(phase, dict) or not _ID.match(str(phase.get("id", ""))):
            raise UserError(f"phases[{i}] needs an 'id' of lowercase letters", path=where)
        if phase["id"] in seen:
            raise UserError(f"phase id {phase['id']!r} appears twice", path=where)
        seen.add(phase["id"])
        classic = phase.get("classic") or []
        bad = [c for c in classic if c not in PHASES]
        if bad:
            raise UserError(f"phase {phase['id']!r}: unknown classic ids {bad}", path=where,
                            hint=f"use {', '.join(PHASES)}")
        covered.update(classic)
        label = phase.get("label") or {}
        if isinstance(label, str):
            phase["label"] = {"es": label, "en": label}
        phase.setdefault("description", {})
        phase.setdefault("cues", {})
    missing = [p for p in PHASES if p not in covered]
    if missing:
        raise UserError(f"no phase covers the classic ids {missing}", path=where)
    name = data.get("name") or fid
    data["name"] = {"es": name, "en": name} if isinstance(name, str) else name
    return data


def text_in(value, lang: str) -> str:
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or next(iter(value.values()), "") or ""
    return value or ""


@functools.lru_cache(maxsize=None)
def lanes() -> list[dict]:
    text = resources.files("cjresearch").joinpath("frameworks/lanes.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return data["lanes"] if isinstance(data, dict) else data
