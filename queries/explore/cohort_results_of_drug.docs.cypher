UNWIND $docs AS page_doc
MATCH (o:CohortOutcome {docId: page_doc})
WHERE ($measure = "" OR o.measure = $measure) AND (o)-[:STUDIED_DRUG]->(:Drug {name: $drug})
MATCH (o)<-[:HAS_OUTCOME]-(c:Cohort)
RETURN o.docId AS doc, c.name AS cohort, o.measure AS measure, o.value AS value, coalesce(o.unit, "") AS unit
ORDER BY doc, measure, value
