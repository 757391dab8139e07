-- Which modifiers does each procedure allow, in document order, and how many of them have
-- guidance ("when to use") that is unknown?
SELECT procedure_code,
       group_concat(modifier_code, ', ') AS modifiers,
       count(*) AS modifier_count,
       sum(when_to_use IS NULL) AS without_guidance
FROM (SELECT * FROM modifier_usage ORDER BY procedure_code, position)
GROUP BY procedure_code
ORDER BY procedure_code;
