UNWIND $docs AS page_doc
MATCH (ev:Evidence {docId: page_doc})<-[:HAS_EVIDENCE]-(st:DrugTargetStatement)-[:STATES_DRUG]->(d:Drug)
WHERE d.name = $drug
MATCH (st)-[:STATES_TARGET]->(t:Target)
WHERE t.symbol = $target
RETURN ev.docId AS doc, ev.charStart AS start, ev.charEnd AS end, ev.text AS text, ev.page AS page
ORDER BY doc, start, end
