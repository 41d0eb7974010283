"""Set-up promises: environment.yml agrees with pyproject; quick imports stay quick."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_every_pyproject_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {_name(r) for r in pip if not r.startswith("-e")}
    assert wanted <= listed, wanted - listed
    assert "torch==2.13.0" in pip and pip.index("torch==2.13.0") == 0


def test_makefile_installs_cpu_torch_first():
    make = (ROOT / "Makefile").read_text()
    assert make.index("torch==2.13.0") < make.index('-e ".[test]"')


def test_importing_the_package_does_not_load_heavy_libraries():
    code = ("import sys, cjresearch; from cjresearch import Project; "
            "print(sorted(m for m in ('spacy','bertopic','torch','sentence_transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_data_file_the_package_reads_is_declared_package_data():
    """A wheel (non-editable install) carries only the declared globs: every lexicon, framework,
    template and the training corpus must match one, or zero-shot coding silently loses data."""
    import fnmatch
    root = ROOT
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["cjresearch"]
    pkg = root / "cjresearch"
    data = [p.relative_to(pkg).as_posix() for sub in ("lexicons", "frameworks", "export/templates", "widgets")
            for p in (pkg / sub).rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert "lexicons/training.csv" in data
    missing = [d for d in data if not any(fnmatch.fnmatchcase(d, g) for g in globs)]
    assert not missing, missing
