MATCH (d:Drug {name: $drug})-[:TARGETS]->(t:Target)<-[:TARGETS]-(o:Drug)
WHERE o <> d
MATCH (o)<-[:INCLUDES_DRUG]-(:Regimen)-[:YIELDED]->(r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient)
RETURN o.name AS other_drug, t.symbol AS target, r.category AS response, count(DISTINCT p) AS patients
ORDER BY other_drug, target, response
