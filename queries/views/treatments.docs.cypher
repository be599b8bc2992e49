UNWIND $docs AS page_doc
WITH page_doc WHERE $doc = "" OR page_doc = $doc
MATCH (f:Regimen {docId: page_doc})
WHERE $drug = "" OR (f)-[:INCLUDES_DRUG]->(:Drug {name: $drug})
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
OPTIONAL MATCH (p:Patient)-[:RECEIVED]->(f)
OPTIONAL MATCH (f)-[:INCLUDES_DRUG]->(d:Drug)
WITH f, ev, p, collect(DISTINCT d.name) AS drugs
RETURN f.id AS fact, f.docId AS doc, p.patientNumber AS patient, drugs, f.name AS name, f.startDate AS start,
       f.endDate AS end, f.line AS line, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
