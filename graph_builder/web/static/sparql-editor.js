// A SPARQL page for this graph: the gb: prefixes written in, every saved query one click away, results with plain
// values (numbers as numbers, nodes as links to their graph view), CONSTRUCT/DESCRIBE as Turtle. Read-only: the
// /sparql endpoint refuses updates and SERVICE.
"use strict";

const GB = "https://w3id.org/graph-builder/";
const GBI = GB + "id/";
const START = `PREFIX gb: <${GB}>
SELECT ?drug ?target WHERE {
  ?s a gb:DrugTargetStatement ; gb:statesDrug/gb:name ?drug ; gb:statesTarget/gb:symbol ?target .
} ORDER BY ?drug ?target LIMIT 100`;

function term(t) {
  // a result term as what it means: a node of this graph links to its graph view, a literal is its value
  if (!t) return "";
  if (t.type === "uri") {
    if (t.value.startsWith(GBI)) return link("/graph", { id: t.value.slice(GBI.length) }, t.value.slice(GBI.length));
    if (t.value.startsWith(GB)) return `gb:${t.value.slice(GB.length)}`;
    return t.value;
  }
  return t.value;
}

async function run(text, out) {
  out.replaceChildren(el("p", { class: "muted", text: "Running…" }));
  // POST (a long query never meets a URL limit); the endpoint answers a table as JSON and triples as Turtle,
  // and the page reads which one came back from its content type rather than guessing the query's form
  const r = await fetch("/sparql", { method: "POST", body: new URLSearchParams({ query: text }),
                                     headers: { accept: "application/sparql-results+json, text/turtle;q=0.9" } });
  const body = await r.text();
  const graph = !(r.headers.get("content-type") || "").includes("json");
  if (!r.ok) {
    let detail = body;
    try { detail = JSON.parse(body).detail; } catch (e) { /* Oxigraph's own message is plain text */ }
    throw new Error(`${r.status}: ${detail}`);
  }
  if (graph) {
    out.replaceChildren(el("pre", { class: "code", id: "sparql-turtle", text: body }));
    return;
  }
  const res = JSON.parse(body);
  if ("boolean" in res) {
    out.replaceChildren(el("p", { id: "sparql-boolean", text: String(res.boolean) }));
    return;
  }
  const cols = res.head.vars;
  const rows = res.results.bindings;
  out.replaceChildren(
    el("p", { class: "muted", id: "sparql-count", text: `${rows.length} row(s)` }),
    el("table", { id: "sparql-results" },
      el("thead", {}, el("tr", {}, cols.map(c => el("th", { text: c })))),
      el("tbody", {}, rows.map(b => el("tr", {}, cols.map(c => el("td", {}, term(b[c]))))))));
}

function withDefaults(q) {
  // a saved query's parameters (?p_name) written in as their defaults, so that the text runs as it stands
  let text = q.sparql;
  for (const p of q.parameters) {
    const v = p.default ?? "";
    const literal = typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(String(v));
    text = text.replace(new RegExp(`\\?p_${p.name}\\b`, "g"), () => literal);
  }
  return text;
}

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  const editor = el("textarea", { id: "sparql-text", rows: 14, spellcheck: "false", maxlength: 20000 });
  editor.value = param("query") || START;
  const results = el("div", { id: "sparql-out" });
  const saved = el("select", { id: "saved-query" }, el("option", { value: "", text: "Load a saved query…" }));
  const form = el("form", { id: "sparql-form", onsubmit: async ev => {
    ev.preventDefault();
    if (editor.value.length < 4000) history.replaceState(null, "", `/sparql-editor?${new URLSearchParams({ query: editor.value })}`);
    try { await run(editor.value, results); } catch (e) { showError(results, e); }
  } }, editor, el("div", {}, el("button", { type: "submit", id: "run", text: "Run" }), " ", saved));
  content.replaceChildren(
    el("p", { class: "muted", text: "Read-only SPARQL 1.1 over this graph (updates and SERVICE are refused; queries are time-limited). " +
                                    "The same endpoint answers scripts at /sparql." }),
    form, results);
  try {
    const all = await api("/api/queries");
    for (const q of all) saved.append(el("option", { value: q.name, text: `${q.title} (${q.name})` }));
    saved.addEventListener("change", () => {
      const q = all.find(x => x.name === saved.value);
      if (q) editor.value = withDefaults(q);
    });
  } catch (e) { showError(results, e); }
  if (param("query")) form.requestSubmit();
});
