MATCH (ae:AdverseEvent)-[:ATTRIBUTED_TO]->(:Drug {name: $drug})
RETURN ae.name AS event, coalesce(ae.grade, "") AS grade, count(DISTINCT ae) AS reports, count(DISTINCT ae.docId) AS documents
ORDER BY event, grade
