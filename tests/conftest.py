"""Shared fixtures. Tests run offline: HF hub off and every non-loopback socket refused."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = ROOT / "test-artifacts"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1", "0.0.0.0")
                                  or self.family == getattr(socket, "AF_UNIX", None)):
        return _real_connect(self, address)
    raise OSError(f"network access blocked in tests: {address!r}")


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture
def project(tmp_path):
    from cjresearch import Project
    p = Project.create(tmp_path / "study.cjproj")
    yield p
    p.close()


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo project built once from corpora/ the way `make demo` builds it."""
    from cjresearch import Project
    from cjresearch.demo import build_demo
    out = tmp_path_factory.mktemp("demo")
    maps = build_demo(out / "demo.cjproj", out / "maps", CORPORA, echo=lambda *a: None)
    p = Project.open(out / "demo.cjproj")
    p.demo_maps = maps
    yield p
    p.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def demo_copy(demo, tmp_path):
    """A private copy of the demo project, for tests that change it."""
    import shutil
    from cjresearch import Project
    demo.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo.path, tmp_path / "copy.cjproj")
    p = Project.open(tmp_path / "copy.cjproj")
    yield p
    p.close()
