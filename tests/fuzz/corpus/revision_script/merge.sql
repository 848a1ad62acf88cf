-- mig:revision c0ffee000001
-- mig:parents 9a8b7c6d5e4f b1b2b3b4b5b6
-- mig:message Merge heads
-- mig:created 2026-11-22T08:00:00Z

-- mig:upgrade

-- mig:downgrade
