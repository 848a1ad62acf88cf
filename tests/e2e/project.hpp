#pragma once

// Fixtures for the end-to-end tests: a mig project made by the real `mig init` in a temporary
// directory, revision files written by hand, and read-only looks into the SQLite database.

#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::test {

// The exit code, standard output and standard error, for assertion messages.
std::string describe(const MigResult& result);

// The command succeeded; on failure the message shows its output.
#define EXPECT_MIG_OK(result) EXPECT_EQ((result).exit_code, 0) << ::mig::test::describe(result)
#define ASSERT_MIG_OK(result) ASSERT_EQ((result).exit_code, 0) << ::mig::test::describe(result)

// A revision file to write: the header directives, then the two sections.
struct RevisionSpec {
    std::string id;
    std::vector<std::string> parents;
    std::string upgrade;
    std::string downgrade;
    std::string message;              // empty: "revision <id>"
    std::vector<std::string> header;  // extra header lines, e.g. "-- mig:transaction off"
};

// run_mig with MIG_DATABASE_URL and MIG_ENV emptied (which mig treats as unset) unless `env`
// sets them, so that the environment the tests run in cannot change what they see.
MigResult mig_at(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env = {});

// A RevisionSpec without extra header lines.
inline RevisionSpec rev(std::string id, std::vector<std::string> parents, std::string upgrade = {},
                        std::string downgrade = {}, std::string message = {}) {
    RevisionSpec spec;
    spec.id = std::move(id);
    spec.parents = std::move(parents);
    spec.upgrade = std::move(upgrade);
    spec.downgrade = std::move(downgrade);
    spec.message = std::move(message);
    return spec;
}

class Project;

// A linear chain r1 .. r<count> in `project`, each creating table t<N> ("step N").
void write_linear(const Project& project, int count);

struct WrittenRevision {
    std::filesystem::path path;  // absolute
    std::string relative;        // "migrations/versions/<id>_<slug>.sql", as mig displays it
    int upgrade_line = 0;        // line number of the first line of the upgrade SQL
    int downgrade_line = 0;      // line number of the first line of the downgrade SQL
};

// A project created with `mig init` (default: sqlite:///app.db) in a fresh temporary directory.
class Project {
public:
    explicit Project(const std::vector<std::string>& init_args = {});

    const std::filesystem::path& root() const { return m_dir.path(); }
    std::filesystem::path operator/(std::string_view relative) const { return m_dir / relative; }
    const TempDir& dir() const { return m_dir; }
    std::filesystem::path db() const { return m_dir / "app.db"; }
    std::filesystem::path versions() const { return m_dir / "migrations/versions"; }

    // Runs `mig ARGS...` in the project root (or in `cwd`, relative to it).
    MigResult mig(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {}) const;
    MigResult mig_in(std::string_view cwd, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {}) const;

    WrittenRevision write_revision(const RevisionSpec& spec) const;
    // A chain: each revision's parent is the one before it (the first is a root).
    std::vector<WrittenRevision> write_chain(const std::vector<RevisionSpec>& specs) const;
    void write_config(std::string_view toml) const;

private:
    TempDir m_dir;
};

// A file's whole content ("" when it cannot be read).
std::string read_file(const std::filesystem::path& file);

// Runs git in the project with no user or system configuration; expects success, returns stdout.
std::string git(const Project& project, const std::vector<std::string>& args);

// For tests of the everyday workflow: the model file, `mig migrate` with a chosen revision id,
// and a commit of everything (the test makes the repository, see make_repository).
class ModelProjectTest : public ::testing::Test {
protected:
    void model(std::string_view ddl) const;
    // `mig migrate -m MESSAGE --rev-id ID`, which must succeed (MESSAGE defaults to ID).
    void migrate(const std::string& id, const std::string& message = {}) const;
    // `git add -A` and `git commit -m MESSAGE`.
    void commit_all(const std::string& message) const;

    Project project;
};

// Makes the project a fresh repository whose first commit holds what `mig init` wrote.
void make_repository(const Project& project);

// The first line that `mig revision` printed names the file: "Generated <path> (...".
std::string generated_file(const MigResult& result);

// --- looking into a SQLite database (opened read-only; the file must exist) -----------------

// Every row of `sql`, each column as text ("NULL" for NULL).
std::vector<std::vector<std::string>> query_rows(const std::filesystem::path& db,
                                                 const std::string& sql);
// The first column of every row of `sql`.
std::vector<std::string> query_column(const std::filesystem::path& db, const std::string& sql);

// Runs `sql` on the database directly, as another program would (read-write).
void exec_sql(const std::filesystem::path& db, const std::string& sql);

// The rows of mig_version, sorted; empty when the database or the table does not exist.
std::vector<std::string> version_rows(const std::filesystem::path& db);

// Names of the tables, views, indexes and triggers that are not mig's or SQLite's own.
std::vector<std::string> user_objects(const std::filesystem::path& db);

struct HistoryRow {
    std::string revision;   // "NULL" for a stamp to base
    std::string parents;    // space-separated, "NULL" for none
    std::string direction;  // upgrade, downgrade, stamp
    std::string sha256;
    std::string downgrade_sql;
    std::string git_commit;
    std::string dirty;
    std::string message;
};
std::vector<HistoryRow> history_rows(const std::filesystem::path& db);
// "upgrade A", "downgrade B", ... oldest first.
std::vector<std::string> history_summary(const std::filesystem::path& db);

// Everything in the database as text: the schema and every table's rows, sorted. Two equal
// dumps mean nothing changed (for "leaves nothing half-done" assertions).
std::string dump_database(const std::filesystem::path& db);

// A file's bytes, or nullopt when it does not exist.
std::optional<std::string> file_bytes(const std::filesystem::path& file);

// sha256 of a file, computed by coreutils' sha256sum (an oracle independent of mig).
std::string sha256_of(const std::filesystem::path& file);

// Lines of `text`, without their line breaks.
std::vector<std::string> lines_of(std::string_view text);

}  // namespace mig::test
