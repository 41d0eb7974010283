"""The MapBuilder: a persona's journey map as a phases × lanes grid. Proposed items come from
the codings and themes with their counts; accept, reword, merge, reorder, remove them, add your
own (company response, key moments and metrics, opportunities, barrier, purchase insight), watch
the export preview change, and export. Every action is one transaction in the project file."""
from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..errors import UserError
from .assets import module

HERE = Path(__file__).parent
QUOTES_PER_ITEM = 3


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "map"


def export_formats() -> list[str]:
    from ..export import FORMATS
    order = ["html", "md", "json", "xlsx"]
    found = set(FORMATS.values())
    return [f for f in order if f in found] + sorted(found - set(order))


class MapBuilder(anywidget.AnyWidget):
    _esm = module("mapbuilder.js")
    _css = HERE / "widgets.css"

    personas = traitlets.List().tag(sync=True)
    persona = traitlets.Unicode("").tag(sync=True)
    frameworks = traitlets.List().tag(sync=True)
    framework = traitlets.Unicode("classic").tag(sync=True)
    phases = traitlets.List().tag(sync=True)      # [{id, label, emotion, emotion_n}]
    lanes = traitlets.List().tag(sync=True)       # [{id, label, scope, help}]
    items = traitlets.List().tag(sync=True)       # [{id, lane, phase, statement, status, origin, n_*, quotes}]
    summary = traitlets.Dict().tag(sync=True)     # {n_participants, n_segments, language}
    preview_html = traitlets.Unicode("").tag(sync=True)
    formats = traitlets.List().tag(sync=True)
    out_dir = traitlets.Unicode("").tag(sync=True)
    last_export = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)

    def __init__(self, project, persona: str | None = None, framework: str = "classic",
                 out_dir=None, preview: bool = True, **kw):
        from ..frameworks import builtin_names
        super().__init__(**kw)
        self.project = project
        self._preview = preview
        self._cache = None  # (map_id, persona, framework dict, language, labelled segments)
        names = [p.name for p in project.personas()]
        if not names:
            raise UserError("the project has no personas yet", path=project.path,
                            hint="add them with project.import_personas('personas.yaml')")
        custom = [r[0] for r in project.con.execute("SELECT id FROM frameworks ORDER BY id")]
        self.personas = names
        self.frameworks = list(dict.fromkeys([*builtin_names(), *custom]))
        self.formats = export_formats()
        self.out_dir = str(Path(out_dir) if out_dir else project.path.parent)
        self.on_msg(self._on_msg)
        self.select(persona or names[0], framework)

    # -- reading ------------------------------------------------------------------------------
    def select(self, persona: str, framework: str = "classic") -> None:
        """(Re)build the persona's map: new proposals appear, decisions are kept."""
        from tqdm.auto import tqdm
        with tqdm(total=2, desc=f"map {persona}", leave=False, disable=None) as bar:
            journey = self.project.map(persona, framework=framework)
            bar.update(1)
            from ..mapping.build import labelled_segments
            p, fw = self.project.persona(persona), self.project.framework(framework)
            self._cache = (journey.id, p, fw, journey.language,
                           labelled_segments(self.project.con, p, fw, 0.0))
            bar.update(1)
        self.persona, self.framework = persona, framework
        self._show(journey)

    def journey(self):
        """The map as stored now (no rebuild): what the grid shows and the export will render."""
        from ..mapping import read_map
        map_id, p, fw, lang, eff = self._cache
        return read_map(self.project.con, map_id, p, fw, lang, project=self.project.path.stem, eff=eff)

    def refresh(self) -> None:
        self._show(self.journey())

    def _show(self, journey) -> None:
        self.phases = [{"id": ph.id, "label": ph.label, "emotion": ph.emotion, "emotion_n": ph.emotion_n}
                       for ph in journey.phases]
        self.lanes = [{"id": l.id, "label": l.label, "scope": l.scope, "help": l.help} for l in journey.lanes]
        self.items = [{"id": i.id, "lane": i.lane, "phase": i.phase, "statement": i.statement, "status": i.status,
                       "origin": i.origin, "position": i.position, "n_participants": i.n_participants,
                       "n_segments": i.n_segments, "valence": i.valence,
                       "quotes": [{"text": q.text, "participant": q.participant, "source": q.source, "t0": q.t0}
                                  for q in i.quotes[:QUOTES_PER_ITEM]]}
                      for i in sorted(journey.items, key=lambda i: (i.position, -i.n_participants, i.id))]
        self.summary = {"n_participants": journey.n_participants, "n_segments": journey.n_segments,
                        "language": journey.language, "framework": journey.framework_name}
        if self._preview:
            from ..export.html import render_html
            self.preview_html = render_html(journey)

    def item(self, item_id: int) -> dict:
        for it in self.items:
            if it["id"] == int(item_id):
                return it
        raise UserError(f"no map item {item_id} on this map", path=self.project.path)

    # -- actions ------------------------------------------------------------------------------
    def accept(self, item_id: int) -> None:
        self.project.set_item(int(item_id), status="accepted")
        self._done("accepted", item_id)

    def edit(self, item_id: int, statement: str) -> None:
        self.project.set_item(int(item_id), statement=statement)
        self._done("reworded", item_id)

    def remove(self, item_id: int) -> None:
        it = self.item(item_id)
        if it["origin"] == "manual" and it["status"] != "removed" and not it["quotes"]:
            self.project.delete_item(int(item_id))  # a hand-made item without evidence: just delete it
        else:
            self.project.set_item(int(item_id), status="removed")
        self._done("removed", item_id)

    def restore(self, item_id: int) -> None:
        self.project.set_item(int(item_id), status="accepted")
        self._done("restored", item_id)

    def move(self, item_id: int, delta: int) -> None:
        """Move an item up (-1) or down (+1) inside its lane and phase."""
        it = self.item(item_id)
        cell = [i["id"] for i in self.items if i["lane"] == it["lane"] and i["phase"] == it["phase"]
                and i["status"] != "removed"]
        k = cell.index(it["id"])
        j = max(0, min(len(cell) - 1, k + int(delta)))
        cell.insert(j, cell.pop(k))
        self.project.reorder_items(cell)
        self._done("moved", item_id)

    def merge(self, item_ids, statement: str | None = None) -> int:
        new_id = self.project.merge_items([int(i) for i in item_ids], statement=statement)
        self._done(f"merged {len(item_ids)} items into", new_id)
        return new_id

    def add(self, lane: str, statement: str, phase: str | None = None) -> int:
        if not str(statement or "").strip():
            raise UserError("a map item needs a statement")
        new_id = self.project.add_item(self.persona, lane, statement.strip(), phase=phase or None,
                                       framework=self.framework)
        self._done("added", new_id)
        return new_id

    def export(self, format: str = "html", out=None) -> Path:
        """Write the map through ``project.export`` (every format it supports)."""
        from tqdm.auto import tqdm
        fmt = format.lower()
        out = Path(out) if out else Path(self.out_dir) / f"map-{_slug(self.persona)}.{fmt}"
        with tqdm(total=1, desc=f"export {fmt}", leave=False, disable=None) as bar:
            path = self.project.export(out, persona=self.persona, format=fmt, framework=self.framework)
            bar.update(1)
        self.last_export = str(path)
        self.status = f"exported {path.name}"
        self.refresh()
        return path

    def _done(self, what: str, item_id) -> None:
        self.refresh()
        self.status = f"{what} item {item_id}"

    # -- messages from the browser ------------------------------------------------------------
    def _on_msg(self, _widget, content, _buffers) -> None:
        op = content.get("op")
        try:
            if op == "accept":
                self.accept(content["id"])
            elif op == "edit":
                self.edit(content["id"], content["statement"])
            elif op == "remove":
                self.remove(content["id"])
            elif op == "restore":
                self.restore(content["id"])
            elif op == "move":
                self.move(content["id"], content["delta"])
            elif op == "merge":
                self.merge(content["ids"], content.get("statement") or None)
            elif op == "add":
                self.add(content["lane"], content["statement"], content.get("phase"))
            elif op == "export":
                self.export(content.get("format") or "html")
            elif op == "select":
                self.select(content.get("persona") or self.persona, content.get("framework") or self.framework)
        except UserError as exc:
            self.status = f"error: {exc}"
