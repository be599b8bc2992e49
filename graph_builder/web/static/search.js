// Search page: a box and result cards (drug, target, disease, document), each linking to its views.
"use strict";

function hitCard(hit) {
  const n = hit.node;
  const links = [link("/graph", { id: n.id }, "Graph")];
  if (hit.kind === "document") {
    links.push(link("/document", { doc: hit.doc }, "Text"), link("/timeline", { doc: hit.doc }, "Timeline"));
  }
  if (hit.kind === "drug") links.push(link("/outcomes", { drug: n.caption }, "Outcomes"));
  return el("div", { class: "card", "data-id": n.id },
    el("div", {}, badge(n), " ", el("span", { class: "muted", text: hit.kind })),
    el("h3", { text: n.caption }),
    el("div", { class: "props", text: `matched: ${hit.match}` }),
    el("div", { class: "props", text: propsText(n.props) }),
    el("div", { class: "links" }, links));
}

async function runSearch(q, out) {
  out.replaceChildren(el("p", { class: "muted", text: "Searching…" }));
  try {
    const res = await api("/api/search", { q });
    out.replaceChildren(
      el("p", { class: "muted", id: "count", text: `${res.hits.length} result(s) for “${res.query}”` }),
      el("div", { class: "cards", id: "results" }, res.hits.map(hitCard)));
  } catch (e) { showError(out, e); }
}

async function listDocuments(out) {
  const docs = await api("/api/documents");
  out.replaceChildren(el("h2", { text: `Documents in the library (${docs.length})` }),
    el("div", { class: "cards" }, docs.map(d => el("div", { class: "card" },
      el("h3", { text: d.title || d.id }),
      el("div", { class: "props", text: `${d.id} · ${d.kind || "document"} · ${Object.values(d.facts).reduce((a, b) => a + b, 0)} facts` }),
      el("div", { class: "links" }, link("/document", { doc: d.id }, "Text"), link("/timeline", { doc: d.id }, "Timeline"))))));
}

document.addEventListener("DOMContentLoaded", () => {
  const content = document.getElementById("content");
  const input = el("input", { id: "q", name: "q", type: "search", size: 40, maxlength: 200,
                              placeholder: "drug (INN, brand, code), target, disease or document" });
  input.value = param("q");
  const out = el("div", { id: "out" });
  const form = el("form", { class: "inline", id: "search-form", onsubmit: ev => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    history.replaceState(null, "", `/?${new URLSearchParams({ q })}`);
    runSearch(q, out);
  } }, input, el("button", { type: "submit", text: "Search" }));
  content.replaceChildren(form, out);
  if (param("q")) runSearch(param("q"), out); else listDocuments(out).catch(e => showError(out, e));
});
