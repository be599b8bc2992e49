MATCH (d:Drug {name: $drug})-[:TARGETS]->(t:Target)<-[:TARGETS]-(o:Drug)
WHERE o <> d
MATCH (tally:ResponseTally {tallyDrug: o.name})
RETURN o.name AS other_drug, t.symbol AS target, tally.responseCategory AS response, tally.patients AS patients
ORDER BY other_drug, target, response
