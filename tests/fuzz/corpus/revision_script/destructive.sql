-- mig:revision d35712c71e00
-- mig:parents c0ffee000001
-- mig:message Drop legacy
-- mig:created 2026-11-23T09:30:00Z
-- mig:transaction off

-- mig:upgrade
-- mig:destructive drops the legacy table and its rows
DROP TABLE legacy;
PRAGMA foreign_keys = OFF;
CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN
  UPDATE users SET name = trim(new.name) WHERE id = new.id; -- keep it tidy
END;
/* a block
   comment */ INSERT INTO users (name) VALUES ('it''s; not the end');

-- mig:downgrade
-- mig:destructive drops the trigger
DROP TRIGGER users_touch;
CREATE TABLE legacy (id integer);
