/* The floor under `mig current` on PostgreSQL: the smallest libpq client that does what it
 * does on the wire (connect, read mig_version, disconnect), with nothing else. What a
 * connection costs on this machine (the server starting a backend, libpq loading OpenSSL,
 * Kerberos and LDAP) is no part of mig, and bench/postgres_bench.sh subtracts it to show
 * mig's own share.
 *
 *   pg_connect_floor CONNINFO      exit 0 after printing the heads, 1 on any error */
#include <libpq-fe.h>
#include <stdio.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: pg_connect_floor CONNINFO\n");
        return 2;
    }
    PGconn* connection = PQconnectdb(argv[1]);
    if (PQstatus(connection) != CONNECTION_OK) {
        fprintf(stderr, "%s", PQerrorMessage(connection));
        PQfinish(connection);
        return 1;
    }
    PGresult* result = PQexec(connection, "SELECT revision FROM mig_version ORDER BY revision");
    int status = PQresultStatus(result) == PGRES_TUPLES_OK ? 0 : 1;
    for (int row = 0; status == 0 && row < PQntuples(result); ++row) {
        puts(PQgetvalue(result, row, 0));
    }
    if (status != 0) {
        fprintf(stderr, "%s", PQerrorMessage(connection));
    }
    PQclear(result);
    PQfinish(connection);
    return status;
}
