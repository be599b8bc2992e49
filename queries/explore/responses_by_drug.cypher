MATCH (t:ResponseTally)
RETURN t.tallyDrug AS drug, t.responseCategory AS response, t.patients AS patients
ORDER BY drug, response
