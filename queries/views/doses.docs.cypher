UNWIND $docs AS page_doc
WITH page_doc WHERE $doc = "" OR page_doc = $doc
MATCH (f:Dose {docId: page_doc})-[:DOSE_OF]->(d:Drug)
WHERE $drug = "" OR d.name = $drug
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
OPTIONAL MATCH (p:Patient)-[:HAS_DOSE]->(f)
RETURN f.id AS fact, f.docId AS doc, p.patientNumber AS patient, d.name AS drug, f.amount AS amount, f.unit AS unit,
       f.frequency AS frequency, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
