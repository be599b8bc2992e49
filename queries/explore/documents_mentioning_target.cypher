MATCH (d:Drug)<-[:STATES_DRUG]-(st:DrugTargetStatement)-[:STATES_TARGET]->(:Target {symbol: $gene})
MATCH (st)-[:HAS_EVIDENCE]->(ev:Evidence)
RETURN ev.docId AS doc, count(DISTINCT d) AS drugs
ORDER BY doc
