#include "dialect/postgres_privileges.hpp"

#include <gtest/gtest.h>

namespace mig::dialect {
namespace {

TEST(PostgresPrivileges, OwnersAndPrivilegesAsPgDumpAndPeopleWriteThem) {
    for (const char* sql : {
             "GRANT SELECT ON TABLE public.users TO app;",
             "grant usage on schema app to \"Read Only\"",
             "REVOKE ALL ON SCHEMA public FROM PUBLIC;",
             "-- comment first\nGRANT app TO alice;",
             "ALTER DEFAULT PRIVILEGES FOR ROLE app GRANT SELECT ON TABLES TO reader;",
             "ALTER TABLE public.users OWNER TO app;",
             "ALTER TABLE ONLY public.users OWNER TO app",
             "ALTER FUNCTION public.f(integer, text) OWNER TO \"Owner\";",
             "ALTER SCHEMA public OWNER TO pg_database_owner;",
             "ALTER TYPE public.mood OWNER TO CURRENT_USER;",
         }) {
        EXPECT_TRUE(sets_owner_or_privileges(sql)) << sql;
    }
}

TEST(PostgresPrivileges, EverythingElseIsSchema) {
    for (const char* sql : {
             "CREATE TABLE owner (owner text);",
             "ALTER TABLE cars RENAME owner TO holder;",
             "ALTER TABLE cars RENAME COLUMN model TO owner;",
             "ALTER TABLE cars RENAME CONSTRAINT owner TO holder_check;",
             "ALTER TABLE t ADD COLUMN owner text;",
             "ALTER TYPE mood RENAME VALUE 'owner' TO 'holder';",
             "COMMENT ON TABLE t IS 'GRANT SELECT';",
             "SELECT 'ALTER TABLE t OWNER TO app';",
             "ALTER TABLE t OWNER",
             "",
         }) {
        EXPECT_FALSE(sets_owner_or_privileges(sql)) << sql;
    }
}

}  // namespace
}  // namespace mig::dialect
