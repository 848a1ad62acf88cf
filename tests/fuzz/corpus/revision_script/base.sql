-- mig:revision 3f2a9c1d7b4e
-- mig:message Create users
-- mig:created 2026-11-21T10:00:00Z

-- mig:upgrade
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE INDEX users_name ON users (name);

-- mig:downgrade
DROP TABLE users;
