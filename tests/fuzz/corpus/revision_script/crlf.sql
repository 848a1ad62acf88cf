-- mig:revision 9a8b7c6d5e4f
-- mig:parents 3f2a9c1d7b4e
-- mig:message Add age, CRLF
-- mig:created 2026-11-21T10:05:00Z

-- mig:upgrade
ALTER TABLE users ADD COLUMN age INTEGER;

-- mig:downgrade
ALTER TABLE users DROP COLUMN age;
