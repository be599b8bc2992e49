// Study outcomes: the cohort outcomes table, a forest plot of hazard ratios with CIs, the AE heat map, and response
// counts by drug or by target.
"use strict";

// "outcomes 1-500 of 13,304", with links to the pages before and after (the API sends one page at a time)
function pager(total, offset, limit, drug, by) {
  const shown = Math.min(limit, Math.max(0, total - offset));
  const keep = drug ? { drug, by } : { by };
  return el("p", { class: "links", id: "outcomes-pager" },
    total ? `outcomes ${(offset + 1).toLocaleString()}–${(offset + shown).toLocaleString()} of ${total.toLocaleString()}` : "no outcomes",
    offset > 0 ? [" · ", link("/outcomes", { ...keep, offset: Math.max(0, offset - limit) }, "previous")] : [],
    offset + limit < total ? [" · ", link("/outcomes", { ...keep, offset: offset + limit }, "next")] : []);
}

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  const drug = param("drug");
  const input = el("input", { name: "drug", id: "drug", placeholder: "drug (empty: all)", maxlength: 200 });
  input.value = drug;
  const forest = el("div", { class: "plot", id: "forest" });
  const heat = el("div", { class: "plot", id: "heatmap" });
  const table = el("div", { id: "outcomes-table" });
  const by = param("by") === "target" ? "target" : "drug";
  const bars = el("div", { class: "plot", id: "responses" });
  const byLinks = el("p", { class: "links" }, "count by ", by === "drug" ? "drug" : link("/outcomes", { by: "drug" }, "drug"), " · ",
                     by === "target" ? "target" : link("/outcomes", { by: "target" }, "target"));
  content.replaceChildren(
    el("form", { class: "inline", method: "get", action: "/outcomes" }, input, el("button", { type: "submit", text: "Filter" })),
    el("h2", { text: "Hazard ratios (forest plot)" }), forest,
    el("h2", { text: "Cohort outcomes" }), table,
    el("h2", { text: "Adverse events by drug, event and grade" }), heat,
    el("h2", { id: "responses-title", text: `Responses by ${by}` }), byLinks, bars);
  try {
    const offset = Math.max(0, parseInt(param("offset") || "0", 10) || 0), limit = 500;
    const o = await api("/api/outcomes", drug ? { drug, offset, limit } : { offset, limit });
    if (o.hazard_ratios.length) await draw(forest, forestSpec(o.hazard_ratios), o.hazard_ratios);
    else forest.replaceChildren(el("p", { class: "muted", text: "No hazard ratios with both CI bounds." }));
    const cols = ["drug", "doc", "cohort", "measure", "value", "unit", "ci_low", "ci_high", "p_value", "n", "N"];
    table.replaceChildren(el("table", { id: "outcomes" },
      el("thead", {}, el("tr", {}, cols.map(c => el("th", { text: c })), el("th", { text: "evidence" }))),
      el("tbody", {}, o.outcomes.map(r => el("tr", {}, cols.map(c => el("td", { text: r[c] ?? "" })),
                                              el("td", {}, link("/evidence", { id: r.id }, "sentence")))))),
      pager(o.total, offset, limit, drug, by));
    const ae = await api("/api/adverse-events", drug ? { drug } : {});
    if (ae.cells.length) await draw(heat, heatmapSpec(ae.cells), ae.cells);
    else heat.replaceChildren(el("p", { class: "muted", text: "No adverse events." }));
    const rc = await api("/api/response-counts", { by });
    if (rc.counts.length) await draw(bars, responsesSpec(rc.counts), rc.counts);
    else bars.replaceChildren(el("p", { class: "muted", text: "No responses." }));
  } catch (e) { showError(content, e); }
});
