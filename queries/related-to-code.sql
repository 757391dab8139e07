-- Which codes are related to :code in either direction? `out`: codes its document lists;
-- `in`: codes whose documents list it. Run with: codebook query queries/related-to-code.sql -p code 20956
SELECT related_code,
       direction,
       related_descriptor,
       relationship,
       source_path
FROM related_codes
WHERE code = :code
ORDER BY direction DESC, position;
