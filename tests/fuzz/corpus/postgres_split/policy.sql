COPY t (a, b) FROM stdin;
1	2
\.
CREATE INDEX CONCURRENTLY i ON t (a);
VACUUM t;
ROLLBACK TO SAVEPOINT s;
BEGIN; COMMIT; END; ABORT;
\copy t from 'x'
/* unterminated