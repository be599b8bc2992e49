UNWIND $docs AS page_doc
WITH page_doc WHERE $doc = "" OR page_doc = $doc
MATCH (f:CohortOutcome {docId: page_doc})
WHERE $drug = "" OR (f)-[:STUDIED_DRUG]->(:Drug {name: $drug})
MATCH (f)<-[:HAS_OUTCOME]-(c:Cohort)
MATCH (f)-[:HAS_EVIDENCE]->(ev:Evidence)
OPTIONAL MATCH (f)-[:STUDIED_DRUG]->(d:Drug)
WITH c, f, ev, collect(DISTINCT d.name) AS drugs
RETURN f.id AS fact, f.docId AS doc, c.name AS cohort, drugs, f.measure AS measure, f.value AS value,
       f.unit AS unit, f.count AS n, f.total AS N, ev.docId AS ev_doc, ev.charStart AS ev_start, ev.charEnd AS ev_end, ev.text AS ev_text, ev.section AS ev_section, ev.extractor AS ev_extractor, ev.confidence AS ev_confidence, ev.page AS ev_page
ORDER BY fact, ev_doc, ev_start, ev_end
