// Explorer panel: filters (multi-select chips + confidence slider) and the quotes behind the
// clicked chart mark. The charts themselves are Altair JupyterChart widgets next to this one.

const LABELS = { persona: "Persona", phase: "Phase", evidence: "Evidence", origin: "Origin", language: "Language", source: "Source" };

function render({ model, el }) {
  el.classList.add("cj-widget", "cj-explorer");
  el.setAttribute("data-testid", "explorer");
  const filtersEl = h("div", { class: "cj-filters" });
  const quotesEl = h("div", { class: "cj-quotelist", "data-testid": "quotes" });
  el.append(filtersEl, quotesEl);

  function setFilter(col, values) {
    const f = { ...model.get("filters") };
    if (values === null || (Array.isArray(values) && !values.length)) delete f[col]; else f[col] = values;
    model.set("filters", f);
    model.save_changes();
  }

  function renderFilters() {
    filtersEl.replaceChildren();
    const f = model.get("filters"), opts = model.get("options"), c = model.get("counts");
    for (const [col, values] of Object.entries(opts)) {
      if (!values.length) continue;
      const chosen = new Set(f[col] || []);
      const group = h("div", { class: "cj-filter", "data-testid": `filter-${col}` }, h("span", { class: "cj-dim" }, LABELS[col] || col));
      for (const v of values) {
        group.append(h("button", { class: `cj-chip cj-toggle${chosen.has(v) ? " cj-chosen" : ""}`, "data-value": v,
          onclick: () => { chosen.has(v) ? chosen.delete(v) : chosen.add(v); setFilter(col, [...chosen]); } }, v));
      }
      filtersEl.append(group);
    }
    const conf = f.min_confidence || 0;
    const slider = h("input", { type: "range", min: 0, max: 1, step: 0.05, value: conf, "data-testid": "filter-confidence",
      onchange: (e) => setFilter("min_confidence", +e.target.value || null) });
    filtersEl.append(h("div", { class: "cj-filter" }, h("span", { class: "cj-dim" }, "Confidence ≥"), slider, h("span", {}, conf.toFixed(2)),
      h("span", { class: "cj-muted", "data-testid": "count" }, `${c.n} of ${c.total} segments`),
      Object.keys(f).length ? h("button", { class: "cj-btn", onclick: () => { model.set("filters", {}); model.save_changes(); } }, "Clear filters") : null));
  }

  function renderQuotes() {
    quotesEl.replaceChildren();
    const focus = model.get("focus"), quotes = model.get("quotes");
    if (!Object.keys(focus).length) {
      quotesEl.append(h("div", { class: "cj-muted" }, "Click a cell, point or bar in the charts to list the quotes behind it."));
      return;
    }
    quotesEl.append(h("div", { class: "cj-dim" }, Object.entries(focus).map(([k, v]) => `${k}: ${v}`).join(" · "), ` — ${quotes.length} quote(s)`));
    for (const q of quotes) {
      quotesEl.append(h("div", { class: "cj-quote-row", "data-testid": "quote", "data-segment-id": q.segment_id },
        h("blockquote", {}, `“${q.text}”`),
        h("small", {}, `${q.participant || "?"} · ${q.source}${q.t0 !== null ? " · " + clock(q.t0) : ""} · ${q.evidence || ""} (${q.origin || ""}${q.confidence !== null ? " " + Math.round(q.confidence * 100) + "%" : ""})`),
        h("button", { class: "cj-mini", "data-testid": "open-in-tagger", title: "open in the Tagger",
          onclick: () => model.send({ op: "open", segment_id: q.segment_id }) }, "open ↗")));
    }
    const st = model.get("status");
    if (st) quotesEl.append(h("div", { class: "cj-status" }, st));
  }

  renderFilters(); renderQuotes();
  model.on("change:filters", renderFilters);
  model.on("change:counts", renderFilters);
  model.on("change:options", renderFilters);
  model.on("change:quotes", renderQuotes);
  model.on("change:focus", renderQuotes);
  model.on("change:status", renderQuotes);
}

export default { render };
