// db::introspect of a generated schema on a PostgreSQL server: wall time and CPU time (the
// server backend's, from /proc, plus this process's), cold (a new session per round: the
// backend's catalog caches are empty) and warm (the same session again).
//
//   postgres_introspect_bench URL [TABLES=200] [ROUNDS=20]
//
// URL is a superuser's (scripts/pg-server.sh's MIG_TEST_PG_URL): the program creates a
// database mig_bench_introspect_<pid>, fills it with TABLES tables like an application's
// (serial key, a dozen typed columns with defaults, unique and check constraints, a foreign key
// to the previous table, an expression index, comments; a view every tenth table, an enum, a
// function and a trigger), measures, and drops it. The backend's CPU time needs the server on
// this machine (else it reads as 0).

#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"
#include "db/postgres_introspect.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string schema_ddl(int tables) {
    std::ostringstream sql;
    sql << "CREATE TYPE status AS ENUM ('new', 'active', 'gone');"
           "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
           "$$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;";
    for (int i = 0; i < tables; ++i) {
        const std::string t = "t" + std::to_string(i);
        sql << "CREATE TABLE " << t
            << " (id serial PRIMARY KEY, name varchar(100) NOT NULL DEFAULT 'x', "
               "email text UNIQUE, amount numeric(10,2) CHECK (amount >= 0), "
               "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz, "
               "state status NOT NULL DEFAULT 'new', tags text[], flags integer DEFAULT 0, "
               "data jsonb, note text, ratio double precision";
        if (i > 0) {
            sql << ", parent_id integer REFERENCES t" << i - 1 << " (id) ON DELETE CASCADE";
        }
        sql << ");CREATE INDEX " << t << "_name ON " << t
            << " (lower(name)) WHERE email IS NOT NULL;COMMENT ON TABLE " << t << " IS 'table " << i
            << "';COMMENT ON COLUMN " << t << ".name IS 'the name';";
        if (i % 10 == 0) {
            sql << "CREATE VIEW v" << i << " AS SELECT id, name FROM " << t << ";";
            sql << "CREATE TRIGGER " << t << "_touch BEFORE UPDATE ON " << t
                << " FOR EACH ROW EXECUTE FUNCTION touch();";
        }
    }
    return sql.str();
}

// utime + stime of process `pid` in milliseconds (0 when /proc does not show it).
double process_cpu_ms(int pid) {
    // schedstat: nanoseconds on a CPU, far finer than stat's clock ticks.
    if (std::ifstream schedstat("/proc/" + std::to_string(pid) + "/schedstat"); schedstat) {
        double nanoseconds = 0;
        if (schedstat >> nanoseconds) {
            return nanoseconds / 1e6;
        }
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return 0;
    }
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> values;
    std::string value;
    while (fields >> value) {
        values.push_back(value);
    }
    if (values.size() < 13) {
        return 0;
    }
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (std::stod(values[11]) + std::stod(values[12])) * 1000.0 / ticks;
}

double own_cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) * 1000.0 + static_cast<double>(tv.tv_usec) / 1000.0;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct Sample {
    double wall_ms;
    double cpu_ms;  // backend + client
};

Sample measure(const mig::db::PgConnection& connection) {
    const double backend_before = process_cpu_ms(connection.backend_pid());
    const double own_before = own_cpu_ms();
    const auto start = Clock::now();
    const auto catalog = mig::db::introspect(connection, {"public"});
    const auto wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const double cpu =
        process_cpu_ms(connection.backend_pid()) - backend_before + own_cpu_ms() - own_before;
    if (catalog.tables.empty()) {
        throw std::runtime_error("introspection found no tables");
    }
    return {wall, cpu};
}

void report(const char* label, std::vector<Sample> samples) {
    auto median = [&samples](auto field) {
        std::vector<double> values;
        for (const Sample& sample : samples) {
            values.push_back(sample.*field);
        }
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    auto minimum = [&samples]() {
        double best = samples.front().wall_ms;
        for (const Sample& sample : samples) {
            best = std::min(best, sample.wall_ms);
        }
        return best;
    };
    std::printf(
        "%-5s wall median %7.1f ms  min %7.1f ms   cpu (backend + client) median %7.1f ms\n", label,
        median(&Sample::wall_ms), minimum(), median(&Sample::cpu_ms));
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: postgres_introspect_bench URL [TABLES=200] [ROUNDS=20]\n";
        return 2;
    }
    const std::string url = argv[1];
    const int tables = argc > 2 ? std::stoi(argv[2]) : 200;
    const int rounds = argc > 3 ? std::stoi(argv[3]) : 20;
    const std::string name = "mig_bench_introspect_" + std::to_string(getpid());
    const auto server = mig::db::PgConnection::open(mig::db::parse_database_url(url, "/"), {});
    server.exec("CREATE DATABASE " + name);
    const std::string database_url = url.substr(0, url.rfind('/') + 1) + name;
    int status = 0;
    try {
        const auto session =
            mig::db::PgConnection::open(mig::db::parse_database_url(database_url, "/"), {});
        session.exec(schema_ddl(tables));
        const auto catalog = mig::db::introspect(session, {"public"});
        std::printf("%d tables, %zu indexes, %zu views, %zu sequences (%d rounds)\n",
                    static_cast<int>(catalog.tables.size()), catalog.indexes.size(),
                    catalog.views.size(), catalog.sequences.size(), rounds);
        std::vector<Sample> cold;
        std::vector<Sample> warm;
        for (int round = 0; round < rounds; ++round) {
            const auto fresh =
                mig::db::PgConnection::open(mig::db::parse_database_url(database_url, "/"), {});
            cold.push_back(measure(fresh));
            warm.push_back(measure(fresh));
        }
        report("cold", cold);
        report("warm", warm);
    } catch (const std::exception& error) {
        std::cerr << "postgres_introspect_bench: " << error.what() << "\n";
        status = 1;
    }
    server.exec("DROP DATABASE " + name + " WITH (FORCE)");
    return status;
} catch (const std::exception& error) {
    std::cerr << "postgres_introspect_bench: " << error.what() << "\n";
    return 1;
}
