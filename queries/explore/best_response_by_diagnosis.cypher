MATCH (d:Drug)<-[:INCLUDES_DRUG]-(:Regimen)-[:YIELDED]->(r:ResponseAssessment)-[:ABOUT_PATIENT]->(p:Patient)-[:HAS_DIAGNOSIS]->(dx:Disease)
WITH d.name AS drug, dx.name AS diagnosis, p,
     CASE r.category WHEN "CR" THEN 1 WHEN "nCR" THEN 2 WHEN "PR" THEN 3 WHEN "SD" THEN 4 ELSE 5 END AS rank
WITH drug, diagnosis, min(rank) AS best, count(DISTINCT p) AS patients
RETURN drug, diagnosis,
       CASE best WHEN 1 THEN "CR" WHEN 2 THEN "nCR" WHEN 3 THEN "PR" WHEN 4 THEN "SD" ELSE "PD" END AS best_response, patients
ORDER BY drug, diagnosis
