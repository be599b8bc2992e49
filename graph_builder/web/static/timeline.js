// Swimmer plot per document — or per drug: every patient who received it, across documents — one row per patient,
// a bar per line of therapy, markers for responses and graded AEs.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  try {
    const docs = await api("/api/documents");
    const drug = param("drug");
    const doc = drug ? "" : param("doc") || (docs.find(d => d.facts.treatments) || docs[0] || {}).id;
    const pick = el("select", { id: "doc", onchange: () => { location.search = `?${new URLSearchParams({ doc: pick.value })}`; } },
      docs.map(d => el("option", { value: d.id, text: `${d.id}${d.title ? ` — ${d.title.slice(0, 70)}` : ""}` })));
    pick.value = doc || "";
    const plot = el("div", { class: "plot", id: "swimmer" });
    const table = el("div", { id: "timeline-table" });
    const drugBox = el("input", { id: "drug", name: "drug", maxlength: 200, placeholder: "a drug (INN)", value: drug });
    const byDrug = el("form", { class: "inline", id: "drug-form", onsubmit: ev => {
      ev.preventDefault();
      location.search = `?${new URLSearchParams({ drug: drugBox.value.trim().toLowerCase() })}`;
    } }, el("label", {}, "or every patient who received ", drugBox), el("button", { type: "submit", text: "Show" }));
    content.replaceChildren(el("form", { class: "inline" }, el("label", {}, "Document ", pick), doc ? link("/document", { doc }, "text") : ""),
                            byDrug, plot, table);
    if (!doc && !drug) { plot.replaceChildren(el("p", { text: "The library is empty." })); return; }
    const t = drug ? await api("/api/drug-timeline", { drug }) : await api(`/api/timeline/${encodeURIComponent(doc)}`);
    if (drug) {
      document.getElementById("title").textContent = `Patients who received ${drug}`;
      if (t.more) table.before(el("p", { class: "muted", id: "more", text: `${t.more} more patient(s) not shown` }));
    }
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
