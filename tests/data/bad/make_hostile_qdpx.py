"""Hostile and broken REFI-QDA archives, built on demand (nothing big is committed).

    python tests/data/bad/make_hostile_qdpx.py OUT_DIR   # writes every archive into OUT_DIR

``tests/test_refi_qda.py`` calls :func:`build` with a temporary folder. Each archive is otherwise
a valid little project, so the one thing wrong with it is what the importer must refuse.
"""
from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from pathlib import Path

SRC = "0c6fd6a2-3f5b-4d5e-9a51-1f3c2b4a5d60"
CODE = "7b1e2c3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
USER = "11111111-2222-4333-8444-555555555555"
TEXT = "Ana: La app me dejó elegir la franja de entrega.\nAna: Llegó tarde y sin avisar.\n"


def project_xml(source_attr: str = f'plainTextPath="internal://{SRC}.txt"', content: str = "",
                start: int = 5, end: int = 48, doctype: str = "", code_ref: str = CODE) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>{doctype}
<Project xmlns="urn:QDA-XML:project:1.0" name="hostile">
 <Users><User guid="{USER}" name="mallory"/></Users>
 <CodeBook><Codes><Code guid="{CODE}" name="franja" isCodable="true"/></Codes></CodeBook>
 <Sources>
  <TextSource guid="{SRC}" name="entrevista.txt" {source_attr}>{content}
   <PlainTextSelection guid="22222222-3333-4444-8555-666666666666" startPosition="{start}" endPosition="{end}">
    <Coding guid="33333333-4444-4555-8666-777777777777" creatingUser="{USER}">
     <CodeRef targetGUID="{code_ref}"/>
    </Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>
"""


def _zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def good(out: Path) -> Path:
    return _zip(out / "good.qdpx", {"project.qde": project_xml(), f"sources/{SRC}.txt": TEXT})


def zip_slip(out: Path) -> Path:
    """The source text is said to live two folders above the archive."""
    return _zip(out / "zip_slip.qdpx", {
        "project.qde": project_xml('plainTextPath="internal://../../evil.txt"'),
        "sources/../../evil.txt": TEXT})


def zip_slip_qde(out: Path) -> Path:
    return _zip(out / "zip_slip_qde.qdpx", {"../project.qde": project_xml(), f"sources/{SRC}.txt": TEXT})


def zip_bomb(out: Path, gigabytes: float = 1.0) -> Path:
    """About 1 GB of zeros as one member, ~1 MB on disk, built in well under a second: deflate
    with a full flush after each MiB restarts the compressor, so every MiB compresses to the same
    bytes and the stream is one compressed block repeated. Headers are written by hand (the sizes
    fit in 32 bits, so no zip64 records are needed)."""
    path = out / "zip_bomb.qdpx"
    mib, n = bytes(2**20), int(gigabytes * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(mib) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(mib, crc)
    members = [("project.qde", project_xml().encode(), None),
               (f"sources/{SRC}.txt", None, (block, n, comp.flush(), crc, n * 2**20))]
    body, central = bytearray(), bytearray()
    for name, data, bomb in members:
        raw_name = name.encode()
        if bomb is None:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed, crc32, size = c.compress(data) + c.flush(), zlib.crc32(data), len(data)
            parts = [packed]
        else:
            blk, times, tail, crc32, size = bomb
            parts, packed = [blk] * times + [tail], None
        csize = sum(len(p) for p in parts)
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc32, csize, size, len(raw_name), 0)
        body += raw_name
        for p in parts:
            body += p
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc32, csize, size,
                               len(raw_name), 0, 0, 0, 0, 0o644 << 16, offset) + raw_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


def high_ratio(out: Path) -> Path:
    """32 MB of one letter: small in total, but compressed about 1000:1."""
    return _zip(out / "high_ratio.qdpx", {"project.qde": project_xml(), f"sources/{SRC}.txt": "a" * (32 * 2**20)})


def lying_header(out: Path) -> Path:
    """A member whose headers claim 60 bytes while its data inflate to 8 MB."""
    path = _zip(out / "lying_header.qdpx", {"project.qde": project_xml(),
                                             f"sources/{SRC}.txt": TEXT + " " * (8 * 2**20)})
    data = bytearray(path.read_bytes())
    name = f"sources/{SRC}.txt".encode()
    local = data.find(b"PK\x03\x04" + data[4:4])  # first local header
    while local != -1:
        n = struct.unpack("<H", data[local + 26:local + 28])[0]
        if data[local + 30:local + 30 + n] == name:
            data[local + 22:local + 26] = struct.pack("<I", 60)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + n] == name:
            data[central + 24:central + 28] = struct.pack("<I", 60)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def billion_laughs(out: Path) -> Path:
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    doctype = f'\n<!DOCTYPE Project [<!ENTITY lol0 "lol">{lol}]>'
    return _zip(out / "billion_laughs.qdpx", {
        "project.qde": project_xml('', "<PlainTextContent>&lol9;</PlainTextContent>", doctype=doctype)})


def xxe(out: Path) -> Path:
    doctype = '\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _zip(out / "xxe.qdpx", {
        "project.qde": project_xml('', "<PlainTextContent>&xxe;</PlainTextContent>", doctype=doctype)})


def not_a_zip(out: Path) -> Path:
    path = out / "not_a_zip.qdpx"
    path.write_text(project_xml(), "utf-8")
    return path


def two_qde(out: Path) -> Path:
    return _zip(out / "two_qde.qdpx", {"project.qde": project_xml(), "Copy of project.qde": project_xml(),
                                        f"sources/{SRC}.txt": TEXT})


def no_qde(out: Path) -> Path:
    return _zip(out / "no_qde.qdpx", {"export/project.qde": project_xml(), f"sources/{SRC}.txt": TEXT})


def out_of_range(out: Path) -> Path:
    return _zip(out / "out_of_range.qdpx", {"project.qde": project_xml(end=len(TEXT) + 40),
                                             f"sources/{SRC}.txt": TEXT})


def missing_member(out: Path) -> Path:
    return _zip(out / "missing_member.qdpx", {"project.qde": project_xml()})


def unknown_code(out: Path) -> Path:
    return _zip(out / "unknown_code.qdpx", {
        "project.qde": project_xml(code_ref="99999999-9999-4999-8999-999999999999"),
        f"sources/{SRC}.txt": TEXT})


def wrong_root(out: Path) -> Path:
    return _zip(out / "wrong_root.qdpx", {"project.qde": '<?xml version="1.0"?><html><body/></html>'})


def not_xml(out: Path) -> Path:
    return _zip(out / "not_xml.qdpx", {"project.qde": "<Project name='x'><Users>", f"sources/{SRC}.txt": TEXT})


HOSTILE = {  # name -> (builder, words the error message must contain)
    "zip_slip": (zip_slip, "'..'"),
    "zip_slip_qde": (zip_slip_qde, "'..'"),
    "zip_bomb": (zip_bomb, "zip bomb"),
    "high_ratio": (high_ratio, "zip bomb"),
    "lying_header": (lying_header, "damaged"),
    "billion_laughs": (billion_laughs, "entities"),
    "xxe": (xxe, "entities"),
    "not_a_zip": (not_a_zip, "not a ZIP"),
    "two_qde": (two_qde, "2 project files"),
    "no_qde": (no_qde, "no .qde"),
    "out_of_range": (out_of_range, "outside"),
    "missing_member": (missing_member, "names no file"),
    "unknown_code": (unknown_code, "does not define"),
    "wrong_root": (wrong_root, "<html>"),
    "not_xml": (not_xml, "not well-formed"),
}


def build(out: Path, names=None) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    return {name: HOSTILE[name][0](out) for name in (names or HOSTILE)}


if __name__ == "__main__":
    for name, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else ".")).items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
