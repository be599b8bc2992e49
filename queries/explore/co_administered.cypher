MATCH (:Drug {name: $drug})<-[:INCLUDES_DRUG]-(reg:Regimen)-[:INCLUDES_DRUG]->(other:Drug)
WHERE other.name <> $drug
RETURN other.name AS drug, count(DISTINCT reg) AS regimens
ORDER BY regimens DESC, drug
