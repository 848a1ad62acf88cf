CREATE INDEX main.i2 ON t ((a + b) COLLATE RTRIM, "c""d" DESC)
