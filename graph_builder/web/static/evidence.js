// Evidence card(s) of one fact: document, section, the sentence highlighted in its paragraph, confidence, extractor.
"use strict";

async function renderEvidence(id, out) {
  const res = await api("/api/evidence", { id });
  out.replaceChildren(
    el("p", {}, badge(res.fact), " ", el("strong", { id: "fact-caption", text: res.fact.caption }), " ",
       el("span", { class: "props", text: propsText(res.fact.props) }), " ", link("/graph", { id }, "graph")),
    ...(res.evidence.length ? res.evidence.map(evidenceCard)
                            : [el("p", { class: "muted", text: "No evidence spans: an entity, not a fact." })]));
}

document.addEventListener("DOMContentLoaded", () => {
  const content = document.getElementById("content");
  const id = param("id");
  if (!id) { content.replaceChildren(el("p", { text: "Open a fact from the graph or a document." })); return; }
  renderEvidence(id, content).catch(e => showError(content, e));
});
