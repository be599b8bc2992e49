UNWIND $docs AS page_doc
MATCH (p:Patient {docId: page_doc})-[:RECEIVED]->(reg:Regimen)-[:INCLUDES_DRUG]->(:Drug {name: $drug})
MATCH (reg)-[:HAS_EVIDENCE]->(ev:Evidence)
WITH p, min(ev.charStart) AS first
MATCH (p)-[:RECEIVED]->(prior:Regimen)-[:HAS_EVIDENCE]->(ev2:Evidence)
WITH p, first, prior, min(ev2.charStart) AS position
WHERE position < first
RETURN p.docId AS doc, p.patientNumber AS patient, position, prior.name AS regimen, prior.startDate AS start
ORDER BY doc, patient, position, regimen
