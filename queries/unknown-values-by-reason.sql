-- What do the documents leave unknown, how often, and why? Values another document filled in
-- (catalog facts such as a modifier's description) are counted apart.
SELECT scope,
       field,
       reason,
       count(*) AS occurrences,
       count(DISTINCT procedure_code) AS procedures,
       sum(filled_from IS NOT NULL) AS filled_by_another_document
FROM unknown_value_sources
GROUP BY scope, field, reason
ORDER BY occurrences DESC, scope, field;
