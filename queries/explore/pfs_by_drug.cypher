MATCH (d:Drug)<-[:INCLUDES_DRUG]-(:Regimen)-[:HAD_SURVIVAL]->(s:SurvivalMeasurement {endpoint: "PFS"})-[:ABOUT_PATIENT]->(p:Patient)-[:HAS_DIAGNOSIS]->(dx:Disease)
WITH d.name AS drug, dx.name AS diagnosis, p,
     round(10 * s.value * CASE s.unit WHEN "weeks" THEN 0.230149597238205 WHEN "days" THEN 0.0328515111695138 WHEN "years" THEN 12.0 ELSE 1.0 END) / 10 AS months
RETURN drug, diagnosis, max(months) AS longest_pfs_months, count(DISTINCT p) AS patients
ORDER BY drug, diagnosis
