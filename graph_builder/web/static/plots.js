// Vega-Lite specs of the plots oncologists read, drawn as SVG (so a test or a reader can inspect the marks).
"use strict";

const RESPONSE_COLOURS = { CR: "#1a9850", PR: "#66bd63", SD: "#fdae61", PD: "#d73027", nCR: "#a6d96a" };
const AE_COLOURS = { "1": "#c2a5cf", "2": "#9970ab", "3": "#762a83", "≥3": "#762a83", "4": "#40004b", "5": "#000000" };

function swimmerSpec(t) {
  // bars span [order-1, order); markers spread along their bar: responses in the upper half, AEs in the lower
  const bars = t.bars.map(b => ({ ...b, x0: b.order - 1, x1: b.order - 0.08,
                                  dates: [b.start, b.end].filter(Boolean).join(" → ") || "dates not given" }));
  const slots = new Map();
  const markers = t.markers.map(m => {
    const key = `${m.patient}|${m.order}|${m.kind}`;
    const i = slots.get(key) || 0;
    slots.set(key, i + 1);
    const text = m.kind === "response" ? m.label : `${m.label}${m.grade ? ` G${m.grade}` : ""}`;
    const fillc = m.kind === "response" ? (RESPONSE_COLOURS[m.label] || "#999999") : (AE_COLOURS[m.grade] || "#7b3294");
    return { ...m, xm: m.order - 0.92 + 0.3 * (i % 3), text, fillc };
  });
  const y = { field: "patient", type: "nominal", sort: t.patients, title: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 760, height: { step: 78 },
    layer: [
      { data: { values: bars }, mark: { type: "bar", height: 22, cornerRadius: 3, opacity: 0.85 },
        encoding: { y, x: { field: "x0", type: "quantitative", title: "line of therapy (in order)", axis: { tickMinStep: 1 } },
                    x2: { field: "x1" }, color: { field: "label", type: "nominal", title: "regimen" },
                    tooltip: [{ field: "label", title: "regimen" }, { field: "line" }, { field: "dates" }] } },
      { data: { values: bars }, mark: { type: "text", align: "left", dx: 5, fontSize: 11, fontWeight: "bold", color: "#1d2630" },
        encoding: { y, x: { field: "x0", type: "quantitative" }, text: { field: "label" } } },
      { data: { values: markers }, mark: { type: "point", filled: true, size: 110, stroke: "#222", strokeWidth: 0.6 },
        encoding: { y, x: { field: "xm", type: "quantitative" },
                    yOffset: { field: "kind", type: "nominal", scale: { domain: ["response", "adverse_event"], range: [-20, 20] } },
                    shape: { field: "kind", type: "nominal", scale: { domain: ["response", "adverse_event"], range: ["triangle-right", "diamond"] }, title: "marker" },
                    fill: { field: "fillc", type: "nominal", scale: null },
                    tooltip: [{ field: "kind" }, { field: "text", title: "what" }, { field: "drug" }] } },
      { data: { values: markers }, mark: { type: "text", align: "left", dx: 8, fontSize: 9 },
        encoding: { y, x: { field: "xm", type: "quantitative" }, text: { field: "text" },
                    yOffset: { field: "kind", type: "nominal", scale: { domain: ["response", "adverse_event"], range: [-20, 20] } } } },
    ],
    resolve: { scale: { color: "independent" } },
  };
}

function forestSpec(hrs) {
  const rows = hrs.map(h => ({ ...h, row: `${h.drug || "?"} · ${h.doc}${h.cohort && h.cohort !== "all" ? ` (${h.cohort})` : ""}`,
                               ci: `${h.value} (${h.ci_low}–${h.ci_high})` }));
  const y = { field: "row", type: "nominal", title: null };
  const x = { type: "quantitative", scale: { type: "log" }, title: "hazard ratio (95% CI, log scale)" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 520, height: { step: 34 },
    layer: [
      { data: { values: [{ one: 1 }] }, mark: { type: "rule", strokeDash: [4, 4], color: "#888" }, encoding: { x: { field: "one", ...x } } },
      { data: { values: rows }, mark: { type: "rule", strokeWidth: 2 }, encoding: { y, x: { field: "ci_low", ...x }, x2: { field: "ci_high" } } },
      { data: { values: rows }, mark: { type: "square", size: 120, color: "#2f6fb3" },
        encoding: { y, x: { field: "value", ...x }, tooltip: [{ field: "measure" }, { field: "ci", title: "HR (CI)" }, { field: "p_value", title: "p" }] } },
    ],
  };
}

function heatmapSpec(cells) {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: cells },
    facet: { column: { field: "grade", type: "ordinal", title: "grade" } },
    spec: {
      width: { step: 26 }, height: { step: 22 },
      mark: { type: "rect", stroke: "white" },
      encoding: { x: { field: "event", type: "nominal", title: null, axis: { labelAngle: -45 } },
                  y: { field: "drug", type: "nominal", title: null },
                  color: { field: "reports", type: "quantitative", title: "reports", scale: { scheme: "oranges" } },
                  tooltip: [{ field: "drug" }, { field: "event" }, { field: "grade" }, { field: "reports" }, { field: "documents" }] },
    },
    resolve: { scale: { x: "independent" } },
  };
}

function responsesSpec(counts) {
  const order = ["CR", "PR", "SD", "PD"];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: counts },
    width: { step: 28 }, height: 220,
    mark: { type: "bar" },
    encoding: { x: { field: "name", type: "nominal", title: null, axis: { labelAngle: -45 } },
                y: { field: "patients", type: "quantitative", title: "patients", stack: "zero" },
                color: { field: "response", type: "nominal", sort: order, scale: { domain: [...order, ...[...new Set(counts.map(c => c.response))].filter(r => !order.includes(r)).sort()] } },
                order: { field: "response" },
                tooltip: [{ field: "name" }, { field: "response" }, { field: "patients" }] },
  };
}

async function draw(container, spec, data) {
  window.kgPlots = window.kgPlots || {};
  window.kgPlots[container.id] = data;  // what the page drew, for tests and the console
  const res = await vegaEmbed(container, spec, { renderer: "svg", actions: false });
  container.dataset.drawn = "1";
  return res;
}
