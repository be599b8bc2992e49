UNWIND $docs AS page_doc
WITH page_doc WHERE $doc = "" OR page_doc = $doc
MATCH (ev:Evidence {docId: page_doc})<-[:HAS_EVIDENCE]-(f:DrugTargetStatement)-[:STATES_DRUG]->(d:Drug)
WHERE $drug = "" OR d.name = $drug
MATCH (f)-[:STATES_TARGET]->(t:Target)
RETURN f.id AS fact, ev.docId AS doc, d.name AS drug, t.symbol AS target, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
