MATCH (t:Target {symbol: $gene})<-[:TARGETS]-(d:Drug)<-[:INCLUDES_DRUG]-(:Regimen)-[:YIELDED]->(r:ResponseAssessment)
MATCH (r)-[:ABOUT_PATIENT]->(p:Patient)
WHERE $response = "" OR r.category = $response
RETURN DISTINCT r.docId AS doc, p.patientNumber AS patient, d.name AS drug, r.category AS response
ORDER BY doc, patient, drug, response
