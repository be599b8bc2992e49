// Saved queries as forms: parameters from each query's TOML, results as a table, CSV/JSON download, SPARQL and Cypher shown.
"use strict";

function cell(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(x => (typeof x === "object" ? x.text : x)).join(typeof v[0] === "object" ? " | " : ", ");
  return String(v);
}

function resultTable(res) {
  const cols = res.columns;
  return el("table", { id: "results" },
    el("thead", {}, el("tr", {}, cols.map(c => el("th", { text: c })))),
    el("tbody", {}, res.rows.map(r => el("tr", {}, cols.map(c => el("td", { text: cell(r[c]) }))))));
}

async function showQuery(q, out) {
  const inputs = q.parameters.map(p => {
    const i = el("input", { name: p.name, id: `p-${p.name}`, maxlength: 500, placeholder: p.type, title: p.description });
    const given = param(p.name);
    i.value = given || (p.default ?? "");
    return el("label", {}, el("div", { class: "props", text: `${p.name} (${p.type})` }), i);
  });
  const results = el("div", { id: "query-results" });
  const downloads = el("span", { class: "links" });
  const form = el("form", { class: "inline", id: "query-form", onsubmit: async ev => {
    ev.preventDefault();
    const params = {};
    for (const p of q.parameters) params[p.name] = form.querySelector(`[name="${p.name}"]`).value;
    history.replaceState(null, "", `/queries?${new URLSearchParams({ name: q.name, ...params })}`);
    results.replaceChildren(el("p", { class: "muted", text: "Running…" }));
    try {
      const res = await api(`/api/queries/${encodeURIComponent(q.name)}/run`, params);
      const qs = new URLSearchParams(params).toString();
      downloads.replaceChildren(
        el("a", { href: `/api/queries/${encodeURIComponent(q.name)}/run?${qs}&format=csv`, download: `${q.name}.csv`, text: "CSV" }), " ",
        el("a", { href: `/api/queries/${encodeURIComponent(q.name)}/run?${qs}`, download: `${q.name}.json`, text: "JSON" }));
      results.replaceChildren(el("p", { class: "muted", id: "row-count", text: `${res.rows.length} row(s)` }), resultTable(res));
    } catch (e) { showError(results, e); }
  } }, inputs, el("button", { type: "submit", id: "run", text: "Run" }), downloads);
  out.replaceChildren(
    el("h2", { id: "query-title", text: q.title }), el("p", { text: q.description }),
    el("p", { class: "muted", text: `${q.group}/${q.name} · ${q.kind}` }),
    form, results,
    el("h2", { text: "SPARQL" }), el("pre", { class: "code", id: "sparql-text", text: q.sparql }),
    el("h2", { text: "Cypher" }), el("pre", { class: "code", id: "cypher-text", text: q.cypher }));
  if (param("name") === q.name && q.parameters.some(p => param(p.name))) form.requestSubmit();
}

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  try {
    const all = await api("/api/queries");
    const detail = el("div", { id: "query" });
    const list = el("div", { class: "qlist", id: "query-list" });
    const open = name => {
      const q = all.find(x => x.name === name) || all[0];
      list.querySelectorAll("a").forEach(a => a.classList.toggle("here", a.dataset.name === q.name));
      showQuery(q, detail);
    };
    for (const q of all) {
      const a = el("a", { href: `/queries?name=${encodeURIComponent(q.name)}`, "data-name": q.name, text: q.title,
                          onclick: ev => { ev.preventDefault(); history.replaceState(null, "", a.getAttribute("href")); open(q.name); } });
      list.append(a);
    }
    content.replaceChildren(el("div", { class: "qlayout" }, list, detail));
    open(param("name"));
  } catch (e) { showError(content, e); }
});
