// MapBuilder: phases × lanes grid of map items; every button sends one {op: ...} message and the
// Python side answers with the new state (one transaction per action).

const HAND_LANES = new Set(["company_response", "key_moments", "opportunities", "barrier", "purchase_insight", "description"]);
const AUTO_ONLY = new Set(["emotion"]);

function render({ model, el }) {
  el.classList.add("cj-widget", "cj-mapbuilder");
  el.setAttribute("data-testid", "mapbuilder");
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  const send = (msg) => model.send(msg);
  let editing = null;          // item id being reworded
  let adding = null;           // "lane|phase" of the cell with an open add box
  const selected = new Set();  // items picked for merging
  let showRemoved = false;
  let showPreview = true;

  const bar = h("div", { class: "cj-bar" });
  const grid = h("div", { class: "cj-grid-wrap" });
  const preview = h("div", { class: "cj-preview-wrap" });
  el.append(bar, grid, preview);

  function renderBar() {
    bar.replaceChildren();
    const s = model.get("summary") || {};
    const persona = h("select", { "data-testid": "persona", onchange: (e) => send({ op: "select", persona: e.target.value }) },
      model.get("personas").map((p) => h("option", { value: p, selected: p === model.get("persona") }, p)));
    const fw = h("select", { "data-testid": "framework", onchange: (e) => send({ op: "select", framework: e.target.value }) },
      model.get("frameworks").map((f) => h("option", { value: f, selected: f === model.get("framework") }, f)));
    const exports = model.get("formats").map((f) => h("button", { class: "cj-btn", "data-testid": `export-${f}`,
      onclick: () => send({ op: "export", format: f }) }, `Export ${f.toUpperCase()}`));
    const merge = h("button", { class: "cj-btn", "data-testid": "merge", disabled: selected.size < 2,
      onclick: () => { send({ op: "merge", ids: [...selected] }); selected.clear(); } }, `Merge selected (${selected.size})`);
    const removed = h("label", { class: "cj-muted" }, h("input", { type: "checkbox", checked: showRemoved,
      onchange: (e) => { showRemoved = e.target.checked; renderGrid(); } }), " show removed");
    const prev = h("label", { class: "cj-muted" }, h("input", { type: "checkbox", checked: showPreview,
      onchange: (e) => { showPreview = e.target.checked; renderPreview(); } }), " live preview");
    const last = model.get("last_export");
    bar.append(h("label", {}, "Persona ", persona), h("label", {}, "Framework ", fw),
      h("span", { class: "cj-muted" }, `${s.n_participants ?? 0} participants · ${s.n_segments ?? 0} segments`),
      merge, removed, prev, ...exports,
      h("span", { class: "cj-status", "data-testid": "status" }, model.get("status")),
      last ? h("span", { class: "cj-muted", "data-testid": "last-export" }, last) : null);
  }

  function itemCard(it, cellItems) {
    const removed = it.status === "removed";
    const counts = it.n_participants || it.n_segments
      ? h("span", { class: "cj-count", title: "participants · segments behind this item" }, `${it.n_participants}p · ${it.n_segments}s`) : null;
    const body = editing === it.id
      ? h("div", { class: "cj-edit" },
          h("textarea", { "data-testid": "item-editor", rows: 3, onkeydown: (e) => {
              if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); save(e.target.value); }
              if (e.key === "Escape") { editing = null; renderGrid(); } } }, it.statement),
          h("button", { class: "cj-btn cj-primary", "data-testid": "item-save",
            onclick: (e) => save(e.target.closest(".cj-edit").querySelector("textarea").value) }, "Save"))
      : h("div", { class: "cj-statement", "data-testid": "item-statement", ondblclick: () => { editing = it.id; renderGrid(); } }, it.statement);
    function save(value) { editing = null; send({ op: "edit", id: it.id, statement: value }); }
    const i = cellItems.indexOf(it);
    const tools = h("div", { class: "cj-tools" },
      it.status === "proposed" ? h("button", { class: "cj-mini", "data-testid": "item-accept", title: "accept", onclick: () => send({ op: "accept", id: it.id }) }, "✓") : null,
      !removed ? h("button", { class: "cj-mini", "data-testid": "item-edit", title: "edit wording", onclick: () => { editing = it.id; renderGrid(); } }, "✎") : null,
      !removed && i > 0 ? h("button", { class: "cj-mini", "data-testid": "item-up", title: "move up", onclick: () => send({ op: "move", id: it.id, delta: -1 }) }, "↑") : null,
      !removed && i < cellItems.length - 1 ? h("button", { class: "cj-mini", "data-testid": "item-down", title: "move down", onclick: () => send({ op: "move", id: it.id, delta: 1 }) }, "↓") : null,
      !removed ? h("input", { type: "checkbox", "data-testid": "item-select", title: "select for merging", checked: selected.has(it.id),
        onchange: (e) => { e.target.checked ? selected.add(it.id) : selected.delete(it.id); renderBar(); } }) : null,
      removed ? h("button", { class: "cj-mini", "data-testid": "item-restore", title: "restore", onclick: () => send({ op: "restore", id: it.id }) }, "↺")
              : h("button", { class: "cj-mini", "data-testid": "item-remove", title: "remove", onclick: () => send({ op: "remove", id: it.id }) }, "✕"),
      counts);
    const quotes = it.quotes.length ? h("details", { class: "cj-quotes" }, h("summary", {}, `${it.quotes.length} quote${it.quotes.length > 1 ? "s" : ""}`),
      it.quotes.map((q) => h("blockquote", {}, `“${q.text}”`, h("small", {}, ` — ${q.participant || "?"}, ${q.source}`)))) : null;
    return h("div", { class: `cj-item cj-${it.status} cj-origin-${it.origin}`, "data-testid": "map-item", "data-item-id": it.id,
      "data-status": it.status, "data-lane": it.lane, "data-phase": it.phase || "" }, body, tools, quotes);
  }

  function addBox(lane, phase) {
    const key = `${lane}|${phase || ""}`;
    if (adding !== key) return h("button", { class: "cj-add", "data-testid": "cell-add", title: "add your own item",
      onclick: () => { adding = key; renderGrid(); el.querySelector("[data-testid=add-input]")?.focus(); } }, "+");
    const submit = (value) => { adding = null; if (value.trim()) send({ op: "add", lane, phase, statement: value }); renderGrid(); };
    return h("div", { class: "cj-edit" },
      h("textarea", { "data-testid": "add-input", rows: 2, placeholder: "write the item…", onkeydown: (e) => {
        if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(e.target.value); }
        if (e.key === "Escape") { adding = null; renderGrid(); } } }),
      h("button", { class: "cj-btn cj-primary", "data-testid": "add-save",
        onclick: (e) => submit(e.target.closest(".cj-edit").querySelector("textarea").value) }, "Add"));
  }

  function cell(lane, phase, items) {
    const here = items.filter((it) => it.lane === lane.id && (it.phase || null) === (phase || null) && (showRemoved || it.status !== "removed"));
    const live = here.filter((it) => it.status !== "removed");
    return h("td", { class: "cj-cell", "data-testid": "cell", "data-lane": lane.id, "data-phase": phase || "" },
      here.map((it) => itemCard(it, live)), AUTO_ONLY.has(lane.id) ? null : addBox(lane.id, phase));
  }

  function renderGrid() {
    const phases = model.get("phases"), items = model.get("items");
    const head = h("tr", {}, h("th", { class: "cj-lane" }, ""), phases.map((p) => h("th", {}, p.label)));
    const rows = [];
    for (const lane of model.get("lanes")) {
      const label = h("th", { class: "cj-lane", title: lane.help }, lane.label, HAND_LANES.has(lane.id) ? h("small", {}, " ✍") : null);
      if (lane.id === "emotion") {
        rows.push(h("tr", { "data-lane": "emotion" }, label, phases.map((p) => h("td", { class: "cj-cell cj-emotion" },
          p.emotion === null ? "—" : h("span", { class: p.emotion < 0 ? "cj-neg" : "cj-pos" }, `${p.emotion > 0 ? "+" : ""}${p.emotion.toFixed(2)}`),
          h("small", {}, ` n=${p.emotion_n}`)))));
      } else if (lane.scope === "map") {
        const td = cell(lane, null, items);
        td.setAttribute("colspan", phases.length);
        rows.push(h("tr", { "data-lane": lane.id }, label, td));
      } else {
        rows.push(h("tr", { "data-lane": lane.id }, label, phases.map((p) => cell(lane, p.id, items))));
      }
    }
    grid.replaceChildren(h("table", { class: "cj-grid", "data-testid": "map-grid" }, h("thead", {}, head), h("tbody", {}, rows)));
    const ed = grid.querySelector("[data-testid=item-editor]");
    if (ed) { ed.focus(); ed.setSelectionRange(ed.value.length, ed.value.length); }
  }

  function renderPreview() {
    preview.replaceChildren();
    if (!showPreview || !model.get("preview_html")) return;
    const frame = h("iframe", { class: "cj-preview", "data-testid": "preview", sandbox: "allow-scripts", title: "export preview" });
    frame.srcdoc = model.get("preview_html");
    preview.append(h("div", { class: "cj-muted" }, "Live preview of the HTML export"), frame);
  }

  renderBar(); renderGrid(); renderPreview();
  for (const k of ["personas", "persona", "frameworks", "framework", "formats", "summary", "status", "last_export"])
    model.on(`change:${k}`, renderBar);
  model.on("change:items", () => { for (const id of [...selected]) if (!model.get("items").some((i) => i.id === id && i.status !== "removed")) selected.delete(id); renderGrid(); renderBar(); });
  model.on("change:phases", renderGrid);
  model.on("change:lanes", renderGrid);
  model.on("change:preview_html", renderPreview);
}

export default { render };
