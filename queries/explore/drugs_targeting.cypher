MATCH (t:Target {symbol: $gene})<-[:STATES_TARGET]-(st:DrugTargetStatement)-[:STATES_DRUG]->(d:Drug)
MATCH (st)-[:HAS_EVIDENCE]->(ev:Evidence)
RETURN d.name AS drug, count(DISTINCT ev.docId) AS documents
ORDER BY drug
