create index i on t(a)
