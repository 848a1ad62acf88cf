SELECT E'a\';b', 'c:\', U&'\0041;', B'10', X'1F', N'x';
SELECT $fn$ $$; $f$ $fn$, a$$b, $1, 1$$;$$;
/* a /* nested; */ b */ SELECT (1; 2);
SELECT 1 --x;
