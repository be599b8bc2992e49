// Graph view: a node's neighbourhood drawn with cytoscape; click a node to expand it, filter by fact type.
// Colours and captions come from the API, which reads them from the Neo4j Browser style sheet (kg export grass).
"use strict";

const state = { cy: null, expanded: new Map(), hidden: new Set() };

function addNeighbourhood(res) {
  const cy = state.cy;
  const add = [];
  for (const n of [res.center, ...res.nodes]) {
    if (cy.getElementById(n.id).empty()) add.push({ group: "nodes", data: { id: n.id, label: n.label, caption: n.caption, color: n.color, info: n } });
  }
  for (const e of res.edges) {
    const id = `${e.source}|${e.type}|${e.target}`;
    if (cy.getElementById(id).empty()) add.push({ group: "edges", data: { id, source: e.source, target: e.target, type: e.type } });
  }
  cy.add(add);
  state.expanded.set(res.center.id, { offset: res.offset + res.nodes.length, more: res.more });
  applyFilters();
  cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 }).run();
}

async function expand(id, offset) {
  const res = await api("/api/neighbourhood", { id, offset: offset || 0, limit: 60 });
  addNeighbourhood(res);
  return res;
}

function applyFilters() {
  state.cy.nodes().forEach(n => n.style("display", state.hidden.has(n.data("label")) ? "none" : "element"));
  renderFilters();
}

function renderFilters() {
  const box = document.getElementById("filters");
  const labels = [...new Set(state.cy.nodes().map(n => n.data("label")))].sort();
  box.replaceChildren(el("strong", { text: "Show: " }), ...labels.map(l => {
    const cb = el("input", { type: "checkbox", "data-label": l });
    cb.checked = !state.hidden.has(l);
    cb.addEventListener("change", () => { cb.checked ? state.hidden.delete(l) : state.hidden.add(l); applyFilters(); });
    const colour = state.cy.nodes().filter(n => n.data("label") === l)[0].data("color");
    return el("label", {}, cb, el("span", { class: "badge", style: `background:${colour}`, text: l }));
  }));
}

async function select(node) {
  const n = node.data("info");
  const side = document.getElementById("side");
  const more = state.expanded.get(n.id);
  side.replaceChildren(...[
    el("p", {}, badge(n), " ", el("strong", { id: "selected-caption", text: n.caption })),
    el("p", { class: "props", text: propsText(n.props) }),
    el("p", { class: "links" }, link("/graph", { id: n.id }, "centre here"),
       n.evidence ? [" · ", link("/evidence", { id: n.id }, `evidence (${n.evidence})`)] : []),
    more && more.more ? el("button", { class: "secondary", id: "more", text: `Show ${Math.min(60, more.more)} more of ${more.more}`,
                                       onclick: () => expand(n.id, more.offset).then(() => select(node)) }) : null,
    el("div", { id: "side-evidence" })].filter(Boolean));
  if (n.evidence) {
    const res = await api("/api/evidence", { id: n.id });
    document.getElementById("side-evidence").replaceChildren(...res.evidence.map(evidenceCard));
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  const content = document.getElementById("content");
  const id = param("id");
  if (!id) { content.replaceChildren(el("p", {}, "Search for a drug, target or document first: ", link("/", {}, "search"))); return; }
  content.replaceChildren(
    el("div", { class: "filters", id: "filters" }),
    el("div", { class: "layout" }, el("div", { id: "cy" }),
       el("div", { class: "side", id: "side" }, el("p", { class: "muted", text: "Click a node to expand it and see its evidence." }))));
  state.cy = cytoscape({
    container: document.getElementById("cy"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(color)", label: "data(caption)", "font-size": 10, "text-wrap": "ellipsis",
                                   "text-max-width": 110, "text-valign": "bottom", "text-margin-y": 3, width: 26, height: 26,
                                   "border-width": 1, "border-color": "#888" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#24313f" } },
      { selector: "edge", style: { width: 1, "line-color": "#A5ABB6", "target-arrow-color": "#A5ABB6", "target-arrow-shape": "triangle",
                                   "curve-style": "bezier", label: "data(type)", "font-size": 7, color: "#5b6672", "text-rotation": "autorotate" } },
    ],
  });
  window.kgCy = state.cy;  // for tests and the console
  state.cy.on("tap", "node", async evt => {
    const node = evt.target;
    state.cy.nodes().unselect();
    node.select();
    if (!state.expanded.has(node.id())) await expand(node.id());
    await select(node);
    document.body.dataset.selected = node.id();
  });
  try {
    await expand(id);
    const centre = state.cy.getElementById(id);
    centre.select();
    await select(centre);
    document.getElementById("title").textContent = `Graph around ${centre.data("caption")}`;
    document.body.dataset.ready = "1";
  } catch (e) { showError(content, e); }
});
