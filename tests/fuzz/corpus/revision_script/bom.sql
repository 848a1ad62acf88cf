-- mig:revision b0b0b0b0b0b0
-- mig:message BOM

-- mig:upgrade
SELECT 1
-- mig:downgrade
