MATCH (c:Cohort)-[:HAS_OUTCOME]->(o:CohortOutcome)-[:STUDIED_DRUG]->(:Drug {name: $drug})
WHERE $measure = "" OR o.measure = $measure
RETURN o.docId AS doc, c.name AS cohort, o.measure AS measure, o.value AS value, coalesce(o.unit, "") AS unit
ORDER BY doc, measure, value
