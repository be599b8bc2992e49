// Study outcomes: the cohort outcomes table, a forest plot of hazard ratios with CIs, and the AE heat map.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  const drug = param("drug");
  const input = el("input", { name: "drug", id: "drug", placeholder: "drug (empty: all)", maxlength: 200 });
  input.value = drug;
  const forest = el("div", { class: "plot", id: "forest" });
  const heat = el("div", { class: "plot", id: "heatmap" });
  const table = el("div", { id: "outcomes-table" });
  content.replaceChildren(
    el("form", { class: "inline", method: "get", action: "/outcomes" }, input, el("button", { type: "submit", text: "Filter" })),
    el("h2", { text: "Hazard ratios (forest plot)" }), forest,
    el("h2", { text: "Cohort outcomes" }), table,
    el("h2", { text: "Adverse events by drug, event and grade" }), heat);
  try {
    const o = await api("/api/outcomes", drug ? { drug } : {});
    if (o.hazard_ratios.length) await draw(forest, forestSpec(o.hazard_ratios), o.hazard_ratios);
    else forest.replaceChildren(el("p", { class: "muted", text: "No hazard ratios with both CI bounds." }));
    const cols = ["drug", "doc", "cohort", "measure", "value", "unit", "ci_low", "ci_high", "p_value", "n", "N"];
    table.replaceChildren(el("table", { id: "outcomes" },
      el("thead", {}, el("tr", {}, cols.map(c => el("th", { text: c })), el("th", { text: "evidence" }))),
      el("tbody", {}, o.outcomes.map(r => el("tr", {}, cols.map(c => el("td", { text: r[c] ?? "" })),
                                              el("td", {}, link("/evidence", { id: r.id }, "sentence")))))));
    const ae = await api("/api/adverse-events", drug ? { drug } : {});
    if (ae.cells.length) await draw(heat, heatmapSpec(ae.cells), ae.cells);
    else heat.replaceChildren(el("p", { class: "muted", text: "No adverse events." }));
  } catch (e) { showError(content, e); }
});
