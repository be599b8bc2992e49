MATCH (d:Drug {name: $drug})<-[:STATES_DRUG]-(f:DrugTargetStatement)-[:STATES_TARGET]->(t:Target)
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
WHERE $doc = "" OR ev.docId = $doc
RETURN f.id AS fact, ev.docId AS doc, d.name AS drug, t.symbol AS target, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
