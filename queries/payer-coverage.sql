-- Which payers do the documents cover, for how many procedures, and how many procedures have
-- no known payer list at all?
SELECT payer_name AS payer,
       count(*) AS procedures
FROM procedure_payers
GROUP BY payer_name
UNION ALL
SELECT '(unknown)', count(*)
FROM procedure_overview
WHERE payer_count IS NULL
ORDER BY procedures DESC, payer;
