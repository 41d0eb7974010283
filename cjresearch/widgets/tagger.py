"""The Tagger: read a transcript or a list of survey answers turn by turn, select a span with
the mouse, give it one or more codes (or create one inline), accept or reject the machine's
suggestions with one key, undo. Every change is one transaction in the project file."""
from __future__ import annotations

import math
from pathlib import Path

import anywidget
import traitlets

from ..errors import UserError
from .assets import module

HERE = Path(__file__).parent
MAX_SEGMENTS = 800  # per source shown at once; a survey larger than this is paged by question


def _num(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


class Tagger(anywidget.AnyWidget):
    _esm = module("tagger.js")
    _css = HERE / "widgets.css"

    sources = traitlets.List().tag(sync=True)        # [{id, name, kind, n}]
    source_id = traitlets.Int(0).tag(sync=True)
    segments = traitlets.List().tag(sync=True)       # [{id, start, end, text, speaker, participant, t0, question}]
    codings = traitlets.List().tag(sync=True)        # codings on the shown segments
    codebook = traitlets.List().tag(sync=True)       # [{dimension, name, label, n}]
    focus = traitlets.Int(0).tag(sync=True)          # segment id to scroll to
    author = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    undo_depth = traitlets.Int(0).tag(sync=True)

    def __init__(self, project, source=None, segment_id: int | None = None, author: str = "", **kw):
        super().__init__(author=author or "", **kw)
        self.project = project
        self._undo: list[tuple] = []
        self.on_msg(self._on_msg)
        self.refresh_sources()
        self.refresh_codebook()
        if segment_id is not None:
            self.open_segment(segment_id)
        else:
            self.show(source if source is not None else (self.sources[0]["id"] if self.sources else 0))

    # -- reading ------------------------------------------------------------------------------
    def refresh_sources(self) -> None:
        rows = self.project.con.execute(
            """SELECT src.id, src.name, src.kind, COUNT(s.id) AS n FROM sources src
               LEFT JOIN segments s ON s.source_id = src.id GROUP BY src.id ORDER BY src.name""").fetchall()
        self.sources = [dict(r) for r in rows]

    def refresh_codebook(self) -> None:
        book = self.project.codebook()
        self.codebook = [{"dimension": r.dimension, "name": r.name, "label": _num(r.label) or r.name, "n": int(r.n)}
                         for r in book.itertuples()]

    def _source_id(self, source) -> int:
        if isinstance(source, str):
            for s in self.sources:
                if s["name"] == source:
                    return s["id"]
            raise UserError(f"no source named {source!r}", path=self.project.path,
                            hint="sources: " + ", ".join(s["name"] for s in self.sources))
        return int(source)

    def show(self, source) -> None:
        """Show one source (id or file name)."""
        sid = self._source_id(source)
        frame = self.project.segments()
        frame = frame[frame["source_id"] == sid].head(MAX_SEGMENTS)
        self.segments = [{"id": int(r.segment_id), "start": int(r.start), "end": int(r.end), "text": r.text,
                          "speaker": _num(r.speaker), "participant": _num(r.participant), "t0": _num(r.t0),
                          "question": _num(r.question), "evidence": bool(r.is_evidence)}
                         for r in frame.itertuples()]
        self.source_id = sid
        self.refresh_codings()

    def open_segment(self, segment_id: int) -> None:
        """Show the source holding this segment and scroll to it (used by the Explorer)."""
        row = self.project.con.execute("SELECT source_id FROM segments WHERE id=?", (int(segment_id),)).fetchone()
        if row is None:
            raise UserError(f"no segment {segment_id}", path=self.project.path)
        if row["source_id"] != self.source_id or not self.segments:
            self.show(row["source_id"])
        self.focus = int(segment_id)

    def refresh_codings(self) -> None:
        ids = [s["id"] for s in self.segments]
        if not ids:
            self.codings = []
            return
        frame = self.project.codings()
        frame = frame[frame["segment_id"].isin(ids) & (frame["status"] != "rejected")]
        self.codings = [{"id": int(r.coding_id), "segment_id": int(r.segment_id), "start": int(r.start),
                         "end": int(r.end), "dimension": r.dimension, "code": r.code, "origin": r.origin,
                         "status": r.status, "confidence": _num(r.confidence), "author": _num(r.author)}
                        for r in frame.itertuples()]

    # -- actions (each one transaction, each undoable) ---------------------------------------
    def tag(self, segment_id: int, start: int, end: int, codes) -> list[int]:
        """Give the span ``[start, end)`` (offsets into the source text) these codes:
        ``(dimension, name)`` pairs or names of custom codes."""
        ids = self.project.tag_span(int(segment_id), codes, int(start), int(end), author=self.author or None)
        self._push(("tag", ids))
        self.refresh_codings()
        self.refresh_codebook()
        self.status = f"coded {end - start} characters with {len(ids)} code(s)"
        return ids

    def accept(self, coding_ids) -> None:
        self._decide(coding_ids, "accepted")

    def reject(self, coding_ids) -> None:
        self._decide(coding_ids, "rejected")

    def _decide(self, coding_ids, status) -> None:
        ids = [int(i) for i in coding_ids]
        before = {r["id"]: r["status"] for r in self.project.con.execute(
            f"SELECT id, status FROM codings WHERE origin != 'manual' AND id IN ({','.join('?' * len(ids))})", ids)}
        if not before:
            raise UserError("only machine suggestions can be accepted or rejected")
        self.project.set_coding_status({i: status for i in before})
        self._push(("status", before))
        self.refresh_codings()
        self.status = f"{status} {len(before)} suggestion(s)"

    def create_code(self, name: str, dimension: str = "custom") -> dict:
        self.project.add_code(name, dimension)
        self.refresh_codebook()
        self.status = f"new code {dimension}:{name.strip()}"
        return {"dimension": dimension, "name": name.strip()}

    def undo(self) -> bool:
        if not self._undo:
            self.status = "nothing to undo"
            return False
        kind, payload = self._undo.pop()
        if kind == "tag":
            self.project.untag(payload)
        else:
            self.project.set_coding_status(payload)
        self.undo_depth = len(self._undo)
        self.refresh_codings()
        self.status = "undone"
        return True

    def _push(self, entry) -> None:
        self._undo.append(entry)
        self.undo_depth = len(self._undo)

    # -- messages from the browser ------------------------------------------------------------
    def _on_msg(self, _widget, content, _buffers) -> None:
        op = content.get("op")
        try:
            if op == "tag":
                self.tag(content["segment_id"], content["start"], content["end"],
                         [tuple(c) for c in content["codes"]])
            elif op == "accept":
                self.accept(content["ids"])
            elif op == "reject":
                self.reject(content["ids"])
            elif op == "undo":
                self.undo()
            elif op == "create_code":
                self.create_code(content["name"], content.get("dimension") or "custom")
            elif op == "source":
                self.show(int(content["id"]))
        except UserError as exc:
            self.status = f"error: {exc}"
