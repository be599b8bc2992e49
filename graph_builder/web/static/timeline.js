// Swimmer plot per document: one row per patient, a bar per line of therapy, markers for responses and graded AEs.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  try {
    const docs = await api("/api/documents");
    const doc = param("doc") || (docs.find(d => d.facts.treatments) || docs[0] || {}).id;
    const pick = el("select", { id: "doc", onchange: () => { location.search = `?${new URLSearchParams({ doc: pick.value })}`; } },
      docs.map(d => el("option", { value: d.id, text: `${d.id}${d.title ? ` — ${d.title.slice(0, 70)}` : ""}` })));
    pick.value = doc || "";
    const plot = el("div", { class: "plot", id: "swimmer" });
    const table = el("div", { id: "timeline-table" });
    content.replaceChildren(el("form", { class: "inline" }, el("label", {}, "Document ", pick), link("/document", { doc }, "text")), plot, table);
    if (!doc) { plot.replaceChildren(el("p", { text: "The library is empty." })); return; }
    const t = await api(`/api/timeline/${encodeURIComponent(doc)}`);
    if (!t.bars.length) { plot.replaceChildren(el("p", { class: "muted", id: "empty", text: "No treatment lines in this document." })); return; }
    await draw(plot, swimmerSpec(t), t);
    table.replaceChildren(el("table", {},
      el("thead", {}, el("tr", {}, ["patient", "order", "line", "regimen", "start", "end", "responses", "adverse events"].map(h => el("th", { text: h })))),
      el("tbody", {}, t.bars.map(b => {
        const at = t.markers.filter(m => m.patient === b.patient && m.order === b.order);
        return el("tr", {}, [b.patient, b.order, b.line ?? "", b.label, b.start || "", b.end || "",
          at.filter(m => m.kind === "response").map(m => m.label).join(", "),
          at.filter(m => m.kind === "adverse_event").map(m => `${m.label}${m.grade ? ` (grade ${m.grade})` : ""}`).join(", ")]
          .map(v => el("td", { text: String(v) })));
      }))));
  } catch (e) { showError(content, e); }
});
