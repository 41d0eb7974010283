"""``Project``: the one façade over a project file. Each method is one user action and one
transaction; the CLI commands call these methods by the same names.

>>> import tempfile, pathlib
>>> p = Project.create(pathlib.Path(tempfile.mkdtemp()) / "study.cjproj")
>>> p.personas()
[]
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from . import store, tables
from .errors import UserError
from .model import Persona, JourneyMap

DEFAULT_SEED = 7


class Project:
    def __init__(self, path: Path, con):
        self.path = Path(path)
        self.con = con

    # -- lifecycle --------------------------------------------------------------------------
    @classmethod
    def create(cls, path, seed: int = DEFAULT_SEED, exist_ok: bool = False) -> "Project":
        path = Path(path)
        if path.exists() and not exist_ok:
            raise UserError("a file already exists here", path=path, hint="open it, or choose another name")
        if not path.parent.exists():
            raise UserError("the folder does not exist", path=path.parent)
        project = cls._connect(path)
        with store.atomic(project.con):
            if store.get_meta(project.con, "seed") is None:
                store.set_meta(project.con, "seed", seed)
                store.set_meta(project.con, "created_at", tables.now())
        return project

    @classmethod
    def open(cls, path) -> "Project":
        path = Path(path)
        if not path.exists():
            raise UserError("no project file here", path=path, hint="create it with 'cjresearch init'")
        with path.open("rb") as fh:
            head = fh.read(16)
        if head and not head.startswith(b"SQLite format 3"):
            raise UserError("not a cjresearch project file", path=path)
        return cls._connect(path)

    @classmethod
    def _connect(cls, path: Path) -> "Project":
        try:
            con = store.connect(path)
            store.migrate(con, path)
        except UserError:
            raise
        except Exception as exc:  # sqlite3.DatabaseError: "file is not a database", etc.
            raise UserError(f"cannot open the project ({exc})", path=path)
        return cls(path, con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def seed(self) -> int:
        return int(store.get_meta(self.con, "seed", DEFAULT_SEED))

    # -- ingest -----------------------------------------------------------------------------
    def import_files(self, paths: Iterable, text_columns=None, id_column=None, language: str = "auto",
                     interviewers: Iterable[str] = (), chunksize: int | None = None,
                     progress: bool | None = None) -> list[dict]:
        """Read every file first (nothing is stored if one is bad), then store them all in one
        transaction. Files whose content is already in the project are skipped. Survey CSV/TSV
        files over 64 MB, or any when ``chunksize`` (rows) is given, are streamed in chunks with
        a progress bar (``progress=None``: only on a terminal); the result is the same.

        A REFI-QDA project (``.qdpx``) or codebook (``.qdc``) from NVivo, ATLAS.ti, MAXQDA or
        QualCoder is imported on its own: sources, codes, coded spans, cases and variables; the
        result lists what did not carry (``data_loss``)."""
        from .importing import import_paths
        paths = [Path(p) for p in paths]
        refi = [p for p in paths if p.suffix.lower() in (".qdpx", ".qdc")]
        if refi:
            if len(paths) > 1:
                raise UserError("import a .qdpx or .qdc file on its own", path=refi[0])
            from .interop import import_qdc, import_qdpx
            reader = import_qdc if refi[0].suffix.lower() == ".qdc" else import_qdpx
            return [{**reader(self.con, refi[0]), "status": "imported", "warnings": []}]
        return import_paths(self.con, paths, text_columns=text_columns, id_column=id_column,
                            language=language, interviewers=set(interviewers), chunksize=chunksize,
                            progress=progress)

    def import_participants(self, path, id_column: str = "id", name_column: str = "name",
                            role_column: str = "role") -> int:
        from .importing import read_participants
        rows = read_participants(Path(path), id_column, name_column, role_column)
        with store.atomic(self.con):
            for row in rows:
                tables.upsert_participant(self.con, **row)
        return len(rows)

    def participants(self) -> pd.DataFrame:
        return tables.participants_frame(self.con)

    # -- personas and frameworks ------------------------------------------------------------
    def add_persona(self, name: str, rule: dict | None = None, summary=None, picture: str | None = None) -> Persona:
        from .mapping.persona import validate_rule
        if not name or not str(name).strip():
            raise UserError("a persona needs a name")
        rule = validate_rule(rule, where=f"persona {name!r}")
        with store.atomic(self.con):
            self.con.execute(
                """INSERT INTO personas(name, summary, picture, rule) VALUES (?,?,?,?)
                   ON CONFLICT(name) DO UPDATE SET summary=excluded.summary, picture=excluded.picture,
                   rule=excluded.rule""",
                (name, json.dumps(summary or {}), picture, json.dumps(rule)))
        return self.persona(name)

    def import_personas(self, path) -> list[Persona]:
        from .importing import read_personas
        items = read_personas(Path(path))
        with store.atomic(self.con):
            return [self.add_persona(**p) for p in items]

    def personas(self) -> list[Persona]:
        from .mapping.build import persona_from_row
        return [persona_from_row(r) for r in self.con.execute("SELECT * FROM personas ORDER BY id")]

    def persona(self, name: str) -> Persona:
        from .mapping.build import persona_from_row
        row = self.con.execute("SELECT * FROM personas WHERE name=?", (name,)).fetchone()
        if row is None:
            names = ", ".join(p.name for p in self.personas()) or "none defined yet"
            raise UserError(f"no persona named {name!r}", path=self.path, hint=f"personas: {names}")
        return persona_from_row(row)

    def add_framework(self, path) -> str:
        from .frameworks import load_file
        data = load_file(path)
        with store.atomic(self.con):
            self.con.execute("INSERT OR REPLACE INTO frameworks(id, data) VALUES (?,?)",
                             (data["id"], json.dumps(data)))
        return data["id"]

    def framework(self, name: str) -> dict:
        from .frameworks import load_builtin, validate
        row = self.con.execute("SELECT data FROM frameworks WHERE id=?", (name,)).fetchone()
        return validate(json.loads(row["data"]), f"framework {name}") if row else load_builtin(name)

    # -- coding -----------------------------------------------------------------------------
    def code(self, coders: Iterable[str] | None = None, progress: bool = False) -> dict:
        """Run machine coders over every evidence segment; their codings are suggestions.

        Default pipeline: ``semantic`` (phase, evidence; learns from your accepted and manual
        codings), ``rules`` (valence, touchpoints, aspects), ``topics`` (themes per phase).
        The coders run before the transaction, so other kernels can keep writing meanwhile.
        """
        from .coding_run import DEFAULT_PIPELINE, compute, store_results
        coders = tuple(coders or DEFAULT_PIPELINE)
        bar = None
        if progress:
            from tqdm.auto import tqdm
            bar = tqdm(total=len(coders), desc="coding")
        segs, results = compute(self.con, coders, progress=(lambda name: bar.set_postfix_str(name) or bar.update(0)) if bar else None)
        with store.atomic(self.con):
            summary = store_results(self.con, segs, results)
        if bar:
            bar.update(len(coders))
            bar.close()
        return summary

    # -- themes -----------------------------------------------------------------------------
    def themes(self, phase: str | None = None) -> pd.DataFrame:
        """Stored themes (from the ``topics`` coder) with their phase, label, words and how many
        segments and participants carry them (rejected codings do not count)."""
        from .themes import list_themes
        return list_themes(self.con, phase)

    def rename_theme(self, code: str, label: str) -> None:
        """Give a theme a readable name; maps show it as the statement of the items it groups."""
        from .themes import rename_theme
        with store.atomic(self.con):
            rename_theme(self.con, code, label)

    def merge_themes(self, codes: Iterable[str], into: str, label: str | None = None) -> int:
        """Move every coding of ``codes`` onto theme ``into`` (one coding per segment) and drop the
        merged theme codes; returns how many codings moved."""
        from .themes import merge_themes
        with store.atomic(self.con):
            return merge_themes(self.con, list(codes), into, label)

    def theme_to_code(self, code: str, name: str | None = None) -> int:
        """Turn a discovered theme into a codebook code: its segments get the new code as
        suggestions (origin ``topic``) to accept or reject, which the codebook coder learns from."""
        from .themes import theme_to_code
        with store.atomic(self.con):
            return theme_to_code(self.con, code, name)

    def discover_themes(self, persona: str | None = None, by: str = "phase", min_topic_size: int | None = None,
                        progress: bool = False) -> pd.DataFrame:
        """Themes found on demand (nothing stored) in one persona's evidence, per phase (``by``):
        label, words, size and three representative quotes each. Uses the project's seed."""
        from .themes import discover_themes
        rule = self.persona(persona).rule if persona is not None else None
        return discover_themes(self.con, rule, by=by, min_topic_size=min_topic_size, seed=self.seed,
                               progress=progress, name=persona)

    def tag(self, segment_id: int, code: str, dimension: str = "custom", start: int | None = None,
            end: int | None = None, author: str | None = None, note: str | None = None) -> int:
        """A person's coding of a span (default: the whole segment); accepted at once."""
        from .coding_run import manual_coding
        with store.atomic(self.con):
            return manual_coding(self.con, segment_id, dimension, code, start, end, author, note)

    def accept(self, coding_ids: Iterable[int]) -> int:
        return self._set_status(coding_ids, "accepted")

    def reject(self, coding_ids: Iterable[int]) -> int:
        return self._set_status(coding_ids, "rejected")

    def _set_status(self, coding_ids, status) -> int:
        ids = [int(i) for i in coding_ids]
        with store.atomic(self.con):
            self.con.executemany("UPDATE codings SET status=? WHERE id=? AND origin != 'manual'",
                                 [(status, i) for i in ids])
        return len(ids)

    def suggest_next(self, n: int = 10, dimension: str = "phase") -> pd.DataFrame:
        """Segments worth labelling next: no person's label yet, and the model is least sure
        (smallest margin between its two best labels)."""
        from .coding_run import trusted_labels
        from .coding.semantic import SemanticCoder
        segs = self.segments(evidence_only=True)
        if segs.empty:
            return segs
        labels = trusted_labels(self.con, segs)
        coder = SemanticCoder(seed=self.seed).fit(segs, labels)
        open_ = segs if labels is None or dimension not in labels else segs[labels[dimension].isna().to_numpy()]
        if open_.empty:
            return open_
        margin = coder.margin(open_.reset_index(drop=True), dimension)
        return open_.assign(margin=margin).sort_values(["margin", "segment_id"]).head(n).reset_index(drop=True)

    def agreement(self, coder_a: str, coder_b: str, by: str = "code") -> pd.DataFrame:
        """Cohen's κ and Krippendorff's α per dimension (and per code) between two coders.

        A coder is ``person:NAME`` (manual codings by that author; ``person:*`` any person) or a
        machine origin (``rule``, ``model``, ``topic``), whose open and accepted suggestions count.
        """
        from .coding.agreement import agreement_table
        frame = self.codings()
        frame = frame[frame["status"] != "rejected"]
        who = np.where(frame["origin"] == "manual", "person:" + frame["author"].fillna("anonymous"), frame["origin"])
        frame = frame.assign(coder=who)
        for name in (coder_a, coder_b):
            if name == "person:*":
                continue
            if name not in set(frame["coder"]):
                raise UserError(f"no codings by {name!r}", path=self.path,
                                hint="coders: " + ", ".join(sorted(set(frame["coder"]))))
        for name in (coder_a, coder_b):
            if name == "person:*":
                frame.loc[frame["coder"].str.startswith("person:"), "coder"] = "person:*"
        tidy = frame.rename(columns={"segment_id": "unit"})[["unit", "coder", "dimension", "code"]]
        return agreement_table(tidy, coder_a, coder_b, by="code" if by == "code" else None)

    def segments(self, evidence_only: bool = False) -> pd.DataFrame:
        return tables.segments_frame(self.con, "s.is_evidence = 1" if evidence_only else "")

    def codings(self, status: str | None = None) -> pd.DataFrame:
        return tables.codings_frame(self.con, "c.status = ?" if status else "", (status,) if status else ())

    # -- maps -------------------------------------------------------------------------------
    def map(self, persona: str, framework: str = "classic", language: str | None = None,
            min_confidence: float = 0.0) -> JourneyMap:
        """(Re)build the persona's map: new proposals appear, edits and decisions are kept."""
        from .mapping import build_map, read_map
        p, fw = self.persona(persona), self.framework(framework)
        lang = language or self._map_language(p)
        with store.atomic(self.con):
            map_id, eff = build_map(self.con, p, fw, lang, min_confidence)
        return read_map(self.con, map_id, p, fw, lang, min_confidence, project=self.path.stem, eff=eff)

    def _map_language(self, persona: Persona) -> str:
        from .mapping.persona import select_participants
        from .mapping.evidence import select_ids
        table = select_ids(self.con, select_participants(self.con, persona.rule))
        row = self.con.execute(f"SELECT language, COUNT(*) n FROM segments WHERE is_evidence=1 AND "
                               f"participant_id IN (SELECT id FROM {table}) GROUP BY language "
                               f"ORDER BY n DESC LIMIT 1").fetchone()
        return row["language"] if row and row["language"] in ("es", "en") else "en"

    def set_item(self, item_id: int, statement: str | None = None, status: str | None = None,
                 position: int | None = None) -> None:
        """Accept/remove (``status``), reword (``statement``) or move (``position``) a map item."""
        from .mapping import edit
        with store.atomic(self.con):
            edit.set_item(self.con, item_id, statement, status, position, path=self.path)

    def add_item(self, persona: str, lane: str, statement: str, phase: str | None = None,
                 framework: str = "classic", coding_ids: Iterable[int] = ()) -> int:
        """A researcher's own map item (company response, metric...), with optional evidence."""
        from .mapping import edit
        from .frameworks import lanes
        if lane not in {l["id"] for l in lanes()}:
            raise UserError(f"unknown lane {lane!r}", hint=", ".join(l["id"] for l in lanes()))
        fw = self.framework(framework)
        if phase is not None and phase not in {p["id"] for p in fw["phases"]}:
            raise UserError(f"framework {framework!r} has no phase {phase!r}")
        p = self.persona(persona)
        with store.atomic(self.con):
            return edit.add_item(self.con, p.id, fw["id"], lane, statement, phase, coding_ids)

    # -- export and checks ------------------------------------------------------------------
    def export(self, out, persona: str | None = None, format: str | None = None,
               framework: str = "classic", language: str | None = None, redact: bool = False,
               redact_terms: Iterable[str] = (), include_suggestions: bool = False) -> Path:
        """Export a persona's map (html, md, json, xlsx, png, pdf, charts, svg) or the whole project
        (qdpx, qdc). ``redact`` removes personal data (emails, phones, URLs, addresses,
        participants' names, ``redact_terms``) and pseudonymises participant ids, consistently
        across one export."""
        from .export import export_map, format_of
        out = Path(out)
        fmt = format_of(out, format)
        if fmt in ("qdpx", "qdc"):
            from .interop import export_qdc, export_qdpx
            if fmt == "qdc":
                self.last_export_report = export_qdc(self.con, out)
            else:
                redactor = None
                if redact:
                    from .redact import Redactor
                    redactor = Redactor.for_project(self.con, terms=redact_terms)
                self.last_export_report = export_qdpx(self.con, out, include_suggestions=include_suggestions,
                                                      redactor=redactor)
            return out
        if persona is None:
            raise UserError("--persona is needed for this format",
                            hint="personas: " + ", ".join(p.name for p in self.personas()))
        journey = self.map(persona, framework=framework, language=language)
        if redact:
            from .redact import Redactor, redact_journey
            journey = redact_journey(journey, Redactor.for_project(self.con, terms=redact_terms))
        return export_map(journey, out, fmt)

    def doctor(self) -> list[str]:
        return store.check_integrity(self.con)

    # -- widget operations (merge, reorder, undo, codebook) ----------------------------------
    # Used by cjresearch.widgets (Tagger, MapBuilder); each method is one transaction.
    def codebook(self, dimension: str | None = None) -> pd.DataFrame:
        """Every code with how often it is used (rejected codings not counted)."""
        where, params = ("WHERE k.dimension = ?", (dimension,)) if dimension else ("", ())
        return pd.read_sql_query(
            f"""SELECT k.id AS code_id, k.dimension, k.name, k.label, k.description, k.colour,
                       COUNT(c.id) AS n
                FROM codes k LEFT JOIN codings c ON c.code_id = k.id AND c.status != 'rejected'
                {where} GROUP BY k.id ORDER BY k.dimension, k.name""", self.con, params=params)

    def add_code(self, name: str, dimension: str = "custom", label: str | None = None,
                 description: str | None = None) -> int:
        """Create a code in the codebook (or return the existing one of that name)."""
        from .model import DIMENSIONS
        name = str(name or "").strip()
        if not name:
            raise UserError("a code needs a name")
        if dimension not in DIMENSIONS:
            raise UserError(f"unknown dimension {dimension!r}", hint=", ".join(DIMENSIONS))
        with store.atomic(self.con):
            return tables.ensure_code(self.con, dimension, name, label=label, description=description)

    def tag_span(self, segment_id: int, codes: Iterable, start: int | None = None, end: int | None = None,
                 author: str | None = None, note: str | None = None) -> list[int]:
        """Several codes on one span in one transaction. ``codes``: ``(dimension, code)`` pairs or
        plain names (dimension ``custom``). Returns the new coding ids."""
        from .coding_run import manual_coding
        pairs = [(c[0], c[1]) if isinstance(c, (tuple, list)) else ("custom", c) for c in codes]
        if not pairs:
            raise UserError("pick at least one code")
        with store.atomic(self.con):
            return [manual_coding(self.con, segment_id, dim, code, start, end, author, note)
                    for dim, code in pairs]

    def untag(self, coding_ids: Iterable[int]) -> int:
        """Delete a person's codings (undo of ``tag``); machine suggestions are never deleted."""
        ids = [int(i) for i in coding_ids]
        with store.atomic(self.con):
            cur = self.con.executemany("DELETE FROM codings WHERE id=? AND origin = 'manual'", [(i,) for i in ids])
        return cur.rowcount if cur.rowcount >= 0 else len(ids)

    def set_coding_status(self, statuses: dict) -> int:
        """Put suggestions back to a given status ({coding_id: 'suggested'|'accepted'|'rejected'}):
        the undo of ``accept``/``reject``."""
        from .model import STATUSES
        bad = {s for s in statuses.values() if s not in STATUSES}
        if bad:
            raise UserError(f"unknown coding status {sorted(bad)[0]!r}", hint=", ".join(STATUSES))
        with store.atomic(self.con):
            self.con.executemany("UPDATE codings SET status=? WHERE id=? AND origin != 'manual'",
                                 [(s, int(i)) for i, s in statuses.items()])
        return len(statuses)

    def map_items(self, persona: str, framework: str = "classic") -> pd.DataFrame:
        """The stored items of a persona's map (all statuses), with their evidence counts."""
        from .mapping import edit
        return edit.map_items(self.con, self.persona(persona).id, self.framework(framework)["id"])

    def merge_items(self, item_ids: Iterable[int], statement: str | None = None) -> int:
        """Merge map items into one researcher item holding the evidence of all; the originals
        are marked removed (so a rebuild does not propose them again). Returns the new item id."""
        from .mapping import edit
        with store.atomic(self.con):
            return edit.merge_items(self.con, [int(i) for i in item_ids], statement, path=self.path)

    def reorder_items(self, item_ids: Iterable[int]) -> None:
        """Positions 0, 1, 2… in the given order (one lane and phase); kept across rebuilds."""
        from .mapping import edit
        with store.atomic(self.con):
            edit.reorder_items(self.con, [int(i) for i in item_ids], path=self.path)

    def delete_item(self, item_id: int) -> None:
        """Delete a researcher's own item (an undo of ``add_item``); proposals are removed with
        ``set_item(status='removed')`` instead, so a rebuild does not bring them back."""
        from .mapping import edit
        with store.atomic(self.con):
            edit.delete_item(self.con, int(item_id), path=self.path)
