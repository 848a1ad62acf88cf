-- mig:revision 1234
-- mig:parent 12
-- mig:upgrade
SELECT 1;
