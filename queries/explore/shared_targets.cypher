MATCH (:Drug {name: $drug_a})-[:TARGETS]->(t:Target)<-[:TARGETS]-(:Drug {name: $drug_b})
RETURN DISTINCT t.symbol AS target
ORDER BY target
