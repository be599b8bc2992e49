MATCH (:Drug {name: $drug})<-[:INCLUDES_DRUG]-(:Regimen)<-[:RECEIVED]-(f:Patient)
WITH DISTINCT f
WHERE $doc = "" OR f.docId = $doc
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
OPTIONAL MATCH (f)-[:HAS_DIAGNOSIS]->(dx:Disease)
RETURN f.id AS fact, f.docId AS doc, f.patientNumber AS patient, f.age AS age, f.sex AS sex, dx.name AS diagnosis, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
