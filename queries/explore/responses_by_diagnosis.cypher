MATCH (r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient)-[:HAS_DIAGNOSIS]->(dx:Disease)
RETURN dx.name AS diagnosis, r.category AS response, count(DISTINCT p) AS patients
ORDER BY diagnosis, response
