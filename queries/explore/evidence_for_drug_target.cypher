MATCH (:Drug {name: $drug})<-[:STATES_DRUG]-(st:DrugTargetStatement)-[:STATES_TARGET]->(:Target {symbol: $target})
MATCH (st)-[:HAS_EVIDENCE]->(ev:Evidence)
RETURN ev.docId AS doc, ev.charStart AS start, ev.charEnd AS end, ev.text AS text, ev.page AS page
ORDER BY doc, start, end
