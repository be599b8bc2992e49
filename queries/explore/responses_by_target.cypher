MATCH (t:Target)<-[:TARGETS]-(:Drug)<-[:INCLUDES_DRUG]-(:Regimen)-[:YIELDED]->(r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient)
WHERE r.category IS NOT NULL
RETURN t.symbol AS target, r.category AS response, count(DISTINCT p) AS patients
ORDER BY target, response
