// Tagger: select a span with the mouse, pick codes, decide suggestions with one key, undo.
// State lives in the Python model; this file only renders it and sends {op: ...} messages.

// Offset of (node, offset) inside container, counted in characters of its text content.
function offsetIn(container, node, offset) {
  const r = document.createRange();
  r.setStart(container, 0);
  r.setEnd(node, offset);
  return r.toString().length;
}

function render({ model, el }) {
  el.classList.add("cj-widget", "cj-tagger");
  el.setAttribute("data-testid", "tagger");
  el.setAttribute("data-lm-suppress-shortcuts", "true");  // our keys, not JupyterLab's command mode
  let focusSeg = null;      // segment id with keyboard focus
  let sugIndex = 0;         // which open suggestion of the focused segment the keys act on
  let picker = null;        // {segment_id, start, end, chosen: Set}
  const send = (msg) => model.send(msg);

  const header = h("div", { class: "cj-bar" });
  const list = h("div", { class: "cj-segments", "data-testid": "segments", tabindex: "0" });
  const help = h("div", { class: "cj-help" },
    "Select words to code them · j/k move · a accept · r reject · u undo · c code the whole turn · Esc close");
  el.append(header, help, list);

  function codingsOf(id) { return model.get("codings").filter((c) => c.segment_id === id); }
  function openSuggestions(id) {
    return codingsOf(id).filter((c) => c.origin !== "manual" && c.status === "suggested");
  }

  function renderHeader() {
    header.replaceChildren();
    const sel = h("select", { "data-testid": "source-select", onchange: (e) => send({ op: "source", id: +e.target.value }) },
      model.get("sources").map((s) => h("option", { value: s.id, selected: s.id === model.get("source_id") },
        `${s.name} (${s.kind}, ${s.n})`)));
    const undo = h("button", { class: "cj-btn", "data-testid": "undo", disabled: model.get("undo_depth") === 0,
      title: "Undo (u)", onclick: () => send({ op: "undo" }) }, `↶ Undo (${model.get("undo_depth")})`);
    header.append(h("label", {}, "Source ", sel), undo,
      h("span", { class: "cj-status", "data-testid": "status" }, model.get("status")));
  }

  // Split the text at coding boundaries so coded stretches can be highlighted.
  function textPieces(seg, codings) {
    const spans = codings.filter((c) => c.origin === "manual" || c.status === "accepted");
    const sugg = codings.filter((c) => c.origin !== "manual" && c.status === "suggested" && c.dimension !== "phase" && c.dimension !== "valence");
    const cuts = new Set([seg.start, seg.end]);
    for (const c of spans.concat(sugg)) { cuts.add(Math.max(seg.start, c.start)); cuts.add(Math.min(seg.end, c.end)); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      if (b <= a) continue;
      const text = seg.text.slice(a - seg.start, b - seg.start);
      const mine = spans.filter((c) => c.start <= a && c.end >= b && !(c.start === seg.start && c.end === seg.end));
      if (mine.length) out.push(h("mark", { class: "cj-coded", title: mine.map((c) => `${c.dimension}:${c.code}`).join(", ") }, text));
      else out.push(document.createTextNode(text));
    }
    return out;
  }

  function chip(c, seg) {
    const conf = c.confidence === null ? "" : ` ${Math.round(c.confidence * 100)}%`;
    const partial = c.start !== seg.start || c.end !== seg.end;
    if (c.origin === "manual" || c.status === "accepted") {
      return h("span", { class: `cj-chip cj-${c.origin === "manual" ? "manual" : "accepted"}`, "data-testid": "coding",
        "data-coding-id": c.id, title: `${c.origin}${c.author ? " · " + c.author : ""}${partial ? " · span" : ""}` },
        `${c.dimension}: ${c.code}${partial ? " ▸" : ""}`);
    }
    const open = openSuggestions(seg.id);
    const active = focusSeg === seg.id && open[sugIndex % Math.max(open.length, 1)] === c;
    return h("span", { class: `cj-chip cj-suggestion${active ? " cj-active" : ""}`, "data-testid": "suggestion",
      "data-coding-id": c.id, title: `suggested by ${c.origin}, confidence${conf}` },
      `${c.dimension}: ${c.code}`, h("small", {}, conf),
      h("button", { class: "cj-mini", "data-testid": "accept", title: "accept (a)", onclick: () => send({ op: "accept", ids: [c.id] }) }, "✓"),
      h("button", { class: "cj-mini", "data-testid": "reject", title: "reject (r)", onclick: () => send({ op: "reject", ids: [c.id] }) }, "✕"));
  }

  function renderList() {
    const scroll = list.scrollTop;
    list.replaceChildren();
    const byseg = new Map();
    for (const c of model.get("codings")) { if (!byseg.has(c.segment_id)) byseg.set(c.segment_id, []); byseg.get(c.segment_id).push(c); }
    for (const seg of model.get("segments")) {
      const codings = byseg.get(seg.id) || [];
      const text = h("div", { class: "cj-text", "data-testid": "segment-text", "data-start": seg.start }, textPieces(seg, codings));
      text.addEventListener("mouseup", () => onSelect(seg, text));
      const meta = h("div", { class: "cj-meta" },
        seg.t0 !== null ? h("span", { class: "cj-time" }, clock(seg.t0)) : null,
        h("b", {}, seg.speaker || seg.participant || "—"),
        seg.participant && seg.speaker !== seg.participant ? h("span", { class: "cj-muted" }, ` ${seg.participant}`) : null,
        seg.question ? h("span", { class: "cj-muted" }, ` · ${seg.question}`) : null);
      const chips = h("div", { class: "cj-chips" }, codings.map((c) => chip(c, seg)));
      const row = h("div", { class: `cj-seg${seg.evidence ? "" : " cj-interviewer"}${focusSeg === seg.id ? " cj-focus" : ""}`,
        "data-testid": "segment", "data-segment-id": seg.id,
        onclick: (e) => { if (e.target.closest("button")) return; focusSeg = seg.id; sugIndex = 0; markFocus(!picker); } },
        meta, text, chips);
      list.append(row);
    }
    list.scrollTop = scroll;
    if (picker) renderPicker();
  }

  function markFocus(takeFocus = true) {
    for (const row of list.querySelectorAll(".cj-seg")) row.classList.toggle("cj-focus", +row.dataset.segmentId === focusSeg);
    for (const row of list.querySelectorAll(".cj-seg")) {
      const id = +row.dataset.segmentId;
      const open = openSuggestions(id);
      row.querySelectorAll("[data-testid=suggestion]").forEach((chipEl) => {
        const active = id === focusSeg && open.length && +chipEl.dataset.codingId === open[sugIndex % open.length].id;
        chipEl.classList.toggle("cj-active", !!active);
      });
    }
    if (takeFocus) list.focus({ preventScroll: true });
  }

  function onSelect(seg, textEl) {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    if (!textEl.contains(r.startContainer) || !textEl.contains(r.endContainer)) return;
    let a = offsetIn(textEl, r.startContainer, r.startOffset), b = offsetIn(textEl, r.endContainer, r.endOffset);
    const raw = seg.text.slice(a, b);  // trim the whitespace a double click or drag picks up
    a += raw.length - raw.trimStart().length; b -= raw.length - raw.trimEnd().length;
    if (b <= a) return;
    focusSeg = seg.id;
    openPicker(seg.id, seg.start + a, seg.start + b);
  }

  function openPicker(segment_id, start, end) {
    picker = { segment_id, start, end, chosen: new Set(), query: "" };
    renderPicker();
    const input = el.querySelector("[data-testid=code-search]");
    if (input) input.focus();
  }

  function renderPicker() {
    el.querySelector(".cj-picker")?.remove();
    if (!picker) return;
    const seg = model.get("segments").find((s) => s.id === picker.segment_id);
    if (!seg) { picker = null; return; }
    const q = picker.query.trim().toLowerCase();
    const book = model.get("codebook").filter((c) => !q || c.name.toLowerCase().includes(q) || (c.label || "").toLowerCase().includes(q));
    const exists = model.get("codebook").some((c) => c.name.toLowerCase() === q);
    const key = (c) => `${c.dimension}\u0000${c.name}`;
    const apply = () => {
      if (!picker.chosen.size) return;
      send({ op: "tag", segment_id: picker.segment_id, start: picker.start, end: picker.end,
             codes: [...picker.chosen].map((k) => k.split("\u0000")) });
      picker = null; window.getSelection()?.removeAllRanges(); renderPicker();
    };
    const input = h("input", { type: "text", placeholder: "find or create a code…", "data-testid": "code-search", value: picker.query });
    input.addEventListener("input", (e) => { picker.query = e.target.value; renderPicker(); const i = el.querySelector("[data-testid=code-search]"); i.focus(); i.setSelectionRange(i.value.length, i.value.length); });
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Escape") { picker = null; renderPicker(); }
      if (e.key === "Enter") {
        if (q && !exists && !picker.chosen.size) { picker.chosen.add(`custom\u0000${picker.query.trim()}`); send({ op: "create_code", name: picker.query.trim() }); }
        else if (book.length === 1 && !picker.chosen.size) picker.chosen.add(key(book[0]));
        apply();
      }
    });
    const groups = {};
    for (const c of book.slice(0, 80)) (groups[c.dimension] ||= []).push(c);
    const options = Object.entries(groups).map(([dim, codes]) => h("div", { class: "cj-group" }, h("div", { class: "cj-dim" }, dim),
      codes.map((c) => h("button", { class: `cj-option${picker.chosen.has(key(c)) ? " cj-chosen" : ""}`, "data-testid": "code-option",
        "data-code": c.name, "data-dimension": c.dimension, title: `${c.n} codings`,
        onclick: () => { picker.chosen.has(key(c)) ? picker.chosen.delete(key(c)) : picker.chosen.add(key(c)); renderPicker(); } },
        c.label && c.label !== c.name ? `${c.label} (${c.name})` : c.name))));
    const create = q && !exists ? h("button", { class: "cj-option cj-create", "data-testid": "code-create",
      onclick: () => { const name = picker.query.trim(); picker.chosen.add(`custom\u0000${name}`); send({ op: "create_code", name }); picker.query = ""; renderPicker(); } },
      `+ create “${picker.query.trim()}”`) : null;
    const quote = seg.text.slice(picker.start - seg.start, picker.end - seg.start);
    const box = h("div", { class: "cj-picker", "data-testid": "code-picker", "data-start": picker.start, "data-end": picker.end },
      h("div", { class: "cj-quote" }, `“${quote}”`, h("small", {}, ` ${picker.start}–${picker.end}`)),
      input, create, h("div", { class: "cj-options" }, options),
      h("div", { class: "cj-row" },
        h("button", { class: "cj-btn cj-primary", "data-testid": "apply-codes", disabled: !picker.chosen.size, onclick: apply },
          `Apply ${picker.chosen.size || ""} code${picker.chosen.size === 1 ? "" : "s"}`),
        h("button", { class: "cj-btn", onclick: () => { picker = null; renderPicker(); } }, "Cancel")));
    el.append(box);
  }

  list.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || e.metaKey || e.altKey) return;
    const segs = model.get("segments");
    const i = segs.findIndex((s) => s.id === focusSeg);
    const open = focusSeg === null ? [] : openSuggestions(focusSeg);
    const current = open.length ? open[sugIndex % open.length] : null;
    const k = e.key.toLowerCase();
    if (k === "j" || k === "arrowdown") { focusSeg = segs[Math.min(segs.length - 1, i + 1)]?.id ?? null; sugIndex = 0; }
    else if (k === "k" || k === "arrowup") { focusSeg = segs[Math.max(0, i - 1)]?.id ?? null; sugIndex = 0; }
    else if (k === "tab") { sugIndex += 1; }
    else if (k === "a" && current) send({ op: "accept", ids: [current.id] });
    else if (k === "r" && current) send({ op: "reject", ids: [current.id] });
    else if (k === "u" || (k === "z" && e.ctrlKey)) send({ op: "undo" });
    else if (k === "c" && focusSeg !== null) { const s = segs[i]; openPicker(s.id, s.start, s.end); }
    else if (k === "escape") { picker = null; renderPicker(); }
    else return;
    e.preventDefault();
    e.stopPropagation();
    markFocus();
    list.querySelector(`[data-segment-id="${focusSeg}"]`)?.scrollIntoView({ block: "nearest" });
  });

  function scrollToFocus() {
    const id = model.get("focus");
    if (!id) return;
    focusSeg = id;
    const row = list.querySelector(`[data-segment-id="${id}"]`);
    if (row) { row.scrollIntoView({ block: "center" }); markFocus(); row.classList.add("cj-flash"); }
  }

  renderHeader(); renderList(); scrollToFocus();
  model.on("change:sources", renderHeader);
  model.on("change:source_id", renderHeader);
  model.on("change:status", renderHeader);
  model.on("change:undo_depth", renderHeader);
  model.on("change:segments", renderList);
  model.on("change:codings", () => { renderList(); markFocus(!picker); });
  model.on("change:codebook", renderPicker);
  model.on("change:focus", () => setTimeout(scrollToFocus, 0));
}

export default { render };
