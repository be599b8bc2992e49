MATCH (d:Drug {name: $drug})<-[:STATES_DRUG]-(st:DrugTargetStatement)-[:STATES_TARGET]->(t:Target)
MATCH (st)-[:HAS_EVIDENCE]->(ev:Evidence)
RETURN t.symbol AS target, count(DISTINCT ev.docId) AS documents
ORDER BY target
