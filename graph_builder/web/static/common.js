// Shared helpers. Everything from the API or the URL is set as text (textContent, value, setAttribute on
// known attributes), never parsed as HTML.
"use strict";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "style") e.setAttribute("style", v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "href") e.setAttribute("href", safeHref(v));
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function safeHref(v) {
  // only this site's pages and API: a value from the data can never become a javascript: link
  return typeof v === "string" && v.startsWith("/") && !v.startsWith("//") ? v : "#";
}

function link(path, params, text) {
  const q = new URLSearchParams(params || {}).toString();
  return el("a", { href: q ? `${path}?${q}` : path, text });
}

async function api(path, params) {
  const q = new URLSearchParams(params || {}).toString();
  const r = await fetch(q ? `${path}?${q}` : path, { headers: { accept: "application/json" } });
  if (!r.ok) {
    let detail = r.statusText;
    try { detail = (await r.json()).detail; } catch (e) { /* not JSON */ }
    throw new Error(`${r.status}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  }
  return r.json();
}

function param(name) { return new URLSearchParams(location.search).get(name) || ""; }

function badge(node) {
  return el("span", { class: "badge", style: `background:${/^#[0-9A-Fa-f]{6}$/.test(node.color) ? node.color : "#A5ABB6"}`,
                      text: node.label });
}

function showError(where, err) {
  where.replaceChildren(el("p", { class: "error", role: "alert", text: String(err.message || err) }));
}

function nav() {
  const here = location.pathname;
  const items = [["/", "Search"], ["/graph", "Graph"], ["/timeline", "Timelines"], ["/outcomes", "Outcomes"],
                 ["/queries", "Saved queries"], ["/sparql-editor", "SPARQL"], ["/docs", "API"]];
  const n = document.getElementById("nav");
  n.append(el("a", { href: "/", class: "brand", text: "graph-builder" }));
  for (const [href, text] of items) n.append(el("a", { href, text, class: href === here ? "here" : null }));
}

function propsText(props) {
  return Object.entries(props || {}).filter(([k]) => k !== "docId")
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`).join(" · ");
}

document.addEventListener("DOMContentLoaded", nav);

// One evidence span as a card: document, section, confidence, extractor, the sentence highlighted in its paragraph.
function evidenceCard(ev) {
  const para = ev.context
    ? el("div", { class: "paragraph" }, ev.context.before, el("mark", { class: "sentence", text: ev.context.sentence }), ev.context.after)
    : el("div", { class: "paragraph" }, el("mark", { class: "sentence", text: ev.text }));
  return el("div", { class: "evidence-card", "data-evidence": ev.id },
    el("div", { class: "meta" },
      el("span", {}, "document ", link("/document", { doc: ev.doc, at: ev.id }, ev.title || ev.doc)),
      el("span", { class: "section", text: `section: ${ev.section || "—"}` }),
      el("span", { class: "confidence", text: `confidence: ${ev.confidence ?? "—"}` }),
      el("span", { class: "extractor", text: `extractor: ${ev.extractor || "—"}` }),
      el("span", { text: `characters ${ev.start}–${ev.end}${ev.page ? `, page ${ev.page}` : ""}` })),
    para);
}

