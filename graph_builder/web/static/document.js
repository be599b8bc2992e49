// A document's clean text with every extracted fact's evidence highlighted (click a span for its facts).
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  const doc = param("doc");
  if (!doc) { content.replaceChildren(el("p", { text: "Choose a document from the search page." })); return; }
  try {
    const d = await api(`/api/documents/${encodeURIComponent(doc)}`);
    document.getElementById("title").textContent = d.document.title || d.document.id;
    const panel = el("div", { class: "side", id: "facts" }, el("p", { class: "muted", text: "Click a highlighted sentence." }));
    const text = el("div", { class: "doc-text", id: "doc-text" });
    let pos = 0;
    for (const s of d.spans) {
      text.append(d.text.slice(pos, s.start));
      const colour = s.facts.length && /^#[0-9A-Fa-f]{6}$/.test(s.facts[0].color) ? s.facts[0].color : "#F79767";
      const mark = el("mark", { class: "fact", style: `--c:${colour}`, "data-evidence": s.evidence.join(" "),
                                title: s.facts.map(f => `${f.label}: ${f.caption}`).join("\n") }, d.text.slice(s.start, s.end));
      mark.addEventListener("click", () => {
        text.querySelectorAll("mark.active").forEach(m => m.classList.remove("active"));
        mark.classList.add("active");
        panel.replaceChildren(el("h2", { text: `${s.facts.length} fact(s)` }),
          ...s.facts.map(f => el("p", {}, badge(f), " ", link("/evidence", { id: f.id }, f.caption), " ",
                                 link("/graph", { id: f.id }, "graph"))));
      });
      text.append(mark);
      pos = s.end;
    }
    text.append(d.text.slice(pos));
    const info = d.document;
    content.replaceChildren(
      el("p", { class: "muted", text: `${info.id} · ${info.kind || "document"} · ${info.format || ""} · ${d.spans.length} highlighted spans` +
                                     (d.unplaced ? ` (${d.unplaced} could not be placed)` : "") },
         " · ", link("/timeline", { doc: info.id }, "timeline")),
      el("div", { class: "layout" }, text, panel));
    const at = param("at");
    const target = at && [...text.querySelectorAll("mark.fact")].find(m => m.dataset.evidence.split(" ").includes(at));
    if (target) { target.scrollIntoView({ block: "center" }); target.click(); }
  } catch (e) { showError(content, e); }
});
