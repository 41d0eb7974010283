"""Reading members of an untrusted ZIP archive in memory, with limits checked before and while
reading. Nothing is ever extracted to disk.

The header sizes are checked first (member count, declared total, compression ratio), but they
can lie, so every read is also capped by what it actually produces.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..errors import UserError

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 512 * 2**20
MAX_RATIO = 200
RATIO_FROM_BYTES = 2**20  # small members compress well legitimately (a page of spaces)
_CHUNK = 2**20
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> str | None:
    """Why a member name could escape the archive (zip-slip), or None when it is safe."""
    if not name or "\x00" in name:
        return "an empty or NUL-containing name"
    if "\\" in name:
        return "a backslash"
    if name.startswith("/"):
        return "an absolute path"
    if _DRIVE.match(name):
        return "a drive letter"
    if any(part == ".." for part in name.split("/")):
        return "'..'"
    return None


class SafeArchive:
    """``with SafeArchive(path) as a: a.read("project.qde")`` — limits enforced."""

    def __init__(self, path, max_total: int = MAX_TOTAL_BYTES, max_members: int = MAX_MEMBERS,
                 max_ratio: float = MAX_RATIO):
        self.path = Path(path)
        self.max_total = max_total
        self.read_so_far = 0
        if not self.path.is_file():
            raise UserError("file not found", path=self.path)
        size = self.path.stat().st_size
        if size > max_total:  # bounds the central directory zipfile reads before our checks
            raise UserError(f"the archive is {size / 2**20:,.0f} MB (the limit is {max_total / 2**20:,.0f} MB)",
                            path=self.path)
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UserError(f"not a ZIP archive ({exc})", path=self.path,
                            hint="a .qdpx file is a ZIP with project.qde inside")
        try:
            self._check_headers(infos, max_members, max_ratio)
        except UserError:
            self._zip.close()
            raise
        self.infos = {i.filename: i for i in infos if not i.is_dir()}

    def _check_headers(self, infos, max_members, max_ratio) -> None:
        for i in infos:  # an archive built to escape its folder is hostile as a whole
            why = unsafe_name(i.filename)
            if why:
                raise UserError(f"refusing archive member {i.filename!r}: its name contains {why} "
                                "(a zip-slip path)", path=self.path)
        if len(infos) > max_members:
            raise UserError(f"the archive has {len(infos):,} members (the limit is {max_members:,})",
                            path=self.path)
        total = sum(i.file_size for i in infos)
        if total > self.max_total:
            raise UserError(f"the archive would expand to {total / 2**20:,.0f} MB (the limit is "
                            f"{self.max_total / 2**20:,.0f} MB); refusing a possible zip bomb",
                            path=self.path)
        for i in infos:
            if i.file_size > RATIO_FROM_BYTES and i.file_size > max_ratio * max(i.compress_size, 1):
                raise UserError(f"member {i.filename!r} is compressed {i.file_size / max(i.compress_size, 1):,.0f}:1 "
                                f"(the limit is {max_ratio:g}:1); refusing a possible zip bomb",
                                path=self.path)

    def names(self) -> list[str]:
        return list(self.infos)

    def find(self, name: str) -> str | None:
        """The member called ``name`` (exact, else the only case-insensitive match)."""
        if name in self.infos:
            return name
        folded = [n for n in self.infos if n.lower() == name.lower()]
        return folded[0] if len(folded) == 1 else None

    def read(self, name: str) -> bytes:
        why = unsafe_name(name)
        if why:
            raise UserError(f"refusing archive member {name!r}: its name contains {why}", path=self.path)
        info = self.infos.get(name)
        if info is None:
            raise UserError(f"the archive has no member {name!r}", path=self.path)
        budget = self.max_total - self.read_so_far
        parts, size = [], 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > budget:
                        raise UserError(f"member {name!r} expands past the {self.max_total / 2**20:,.0f} MB "
                                        "limit; refusing a possible zip bomb", path=self.path)
                    parts.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise UserError(f"member {name!r} is damaged ({exc})", path=self.path)
        except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
            raise UserError(f"member {name!r} cannot be read ({exc})", path=self.path)
        self.read_so_far += size
        return b"".join(parts)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
