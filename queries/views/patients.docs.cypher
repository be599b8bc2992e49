UNWIND $docs AS page_doc
WITH page_doc WHERE $doc = "" OR page_doc = $doc
MATCH (f:Patient {docId: page_doc})
WHERE $drug = "" OR (f)-[:RECEIVED]->(:Regimen)-[:INCLUDES_DRUG]->(:Drug {name: $drug})
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
OPTIONAL MATCH (f)-[:HAS_DIAGNOSIS]->(dx:Disease)
RETURN f.id AS fact, f.docId AS doc, f.patientNumber AS patient, f.age AS age, f.sex AS sex, dx.name AS diagnosis, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
