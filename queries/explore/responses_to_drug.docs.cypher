UNWIND $docs AS page_doc
MATCH (reg:Regimen {docId: page_doc})-[:INCLUDES_DRUG]->(:Drug {name: $drug})
MATCH (reg)-[:YIELDED]->(r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient)
WHERE $response = "" OR r.category = $response
RETURN DISTINCT r.docId AS doc, p.patientNumber AS patient, r.category AS response, coalesce(reg.startDate, "") AS start
ORDER BY doc, patient, start, response
