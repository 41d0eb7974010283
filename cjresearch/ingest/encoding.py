"""Bytes -> the text we store: decode, repair mojibake, flag damage we cannot repair.

Everything later (segments, codings, quotes, REFI-QDA offsets) points into the text returned
here, so it is normalised once: NFC, ``\\n`` line ends, no NUL characters.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import UserError

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (DOCX/XLSX/QDPX?)",
    b"\x7fELF": "a program",
    b"SQLite format 3": "an SQLite database",
}
# "adquisicii?n", "transaccii?n": a letter lost to "?" inside a word (seed 004), or U+FFFD.
_DAMAGE = re.compile(r"[^\W\d_]\?[^\W\d_]|\ufffd")


def refuse_empty_or_known_binary(head: bytes, path: object) -> None:
    """One clear error for an empty file or a known binary format (PDF, zip, image…), from the
    file's first bytes."""
    if not head.strip():
        raise UserError("file is empty", path=path)
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UserError(f"this is {what}, not text", path=path,
                            hint="export it as .txt, .docx, .vtt, .srt, .csv or .xlsx")


def decode(data: bytes, path: object) -> tuple[str, list[str]]:
    """Return ``(text, warnings)``; raise :class:`UserError` for empty or binary input."""
    warnings: list[str] = []
    refuse_empty_or_known_binary(data, path)
    text, encoding = _decode_bytes(data, path)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"decoded as {encoding} (not UTF-8)")
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append("removed NUL characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fixed = _fix_mojibake(text)
    if fixed != text:
        # compare word by word: a repair shortens words ("envÃ­o" -> "envío"), so comparing
        # character by character would count every character after the first repair
        pairs = [(b, a) for a, b in zip(fixed.split(), text.split()) if a != b]
        example = f" (e.g. {pairs[0][0]!r} -> {pairs[0][1]!r})" if pairs else ""
        n = len(pairs) or 1
        warnings.append(f"repaired mojibake in {n} word{'s' if n != 1 else ''}{example}")
        text = fixed
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise UserError("file has no text (only whitespace)", path=path)
    damage = damaged_places(text)
    if damage:
        sample = ", ".join(repr(d) for d in damage[:3])
        warnings.append(f"text damaged beyond repair in {len(damage)} places (e.g. {sample}): "
                        "lost letters were replaced by '?' before import; kept as is")
    return text, warnings


def _decode_bytes(data: bytes, path) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), "utf-16"
            except UnicodeDecodeError as exc:
                raise UserError(f"UTF-16 text is corrupt at byte {exc.start}", path=path)
    if _looks_binary(data):
        raise UserError("this looks like a binary file, not text", path=path,
                        hint="export it as .txt, .docx, .vtt, .srt, .csv or .xlsx")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # cp1252 leaves 5 bytes undefined; latin-1 maps all 256
        return data.decode("latin-1"), "latin-1"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 10:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 0))
    return controls > len(head) // 20


def _fix_mojibake(text: str) -> str:
    import ftfy
    # fix_encoding only undoes encoding mix-ups (UTF-8 read as cp1252: "Ã©" -> "é"); it leaves
    # quotes, dashes and spacing alone, so the researcher's text is otherwise untouched.
    return ftfy.fix_encoding(text)


def damaged_places(text: str) -> list[str]:
    """The damaged words, e.g. ``['adquisicii?n']``."""
    out = []
    for m in _DAMAGE.finditer(text):
        a, b = m.start(), m.end()
        while a > 0 and (text[a - 1].isalnum() or text[a - 1] in "?\ufffd"):
            a -= 1
        while b < len(text) and (text[b].isalnum() or text[b] in "?\ufffd"):
            b += 1
        out.append(text[a:b])
    return out
