UNWIND $docs AS page_doc
WITH page_doc WHERE $doc = "" OR page_doc = $doc
MATCH (f:AdverseEvent {docId: page_doc})
WHERE $drug = "" OR (f)-[:ATTRIBUTED_TO]->(:Drug {name: $drug})
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
OPTIONAL MATCH (f)-[:ABOUT_PATIENT]->(p:Patient)
OPTIONAL MATCH (f)-[:ATTRIBUTED_TO]->(d:Drug)
WITH f, ev, p, collect(DISTINCT d.name) AS drugs
RETURN f.id AS fact, f.docId AS doc, p.patientNumber AS patient, drugs, f.regimenName AS regimen, f.name AS event,
       f.grade AS grade, f.count AS n, f.percent AS percent, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
