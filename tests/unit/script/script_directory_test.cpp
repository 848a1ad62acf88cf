#include "script/script_directory.hpp"

#include "graph/errors.hpp"
#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::script {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string revision_file(std::string_view id, std::string_view parents = "") {
    std::string text = "-- mig:revision " + std::string(id) + "\n";
    if (!parents.empty()) {
        text += "-- mig:parents " + std::string(parents) + "\n";
    }
    return text + "-- mig:message " + std::string(id) +
           "\n\n-- mig:upgrade\nSELECT 1;\n\n-- mig:downgrade\nSELECT 2;\n";
}

std::vector<std::string> ids_of(const std::vector<RevisionScript>& scripts) {
    std::vector<std::string> ids;
    ids.reserve(scripts.size());
    for (const auto& script : scripts) {
        ids.push_back(script.revision.id);
    }
    return ids;
}

TEST(ScriptDirectory, Paths) {
    ScriptDirectory directory("proj/migrations");
    EXPECT_EQ(directory.root(), "proj/migrations");
    EXPECT_EQ(directory.versions_dir(), "proj/migrations/versions");
    EXPECT_EQ(directory.template_path(), "proj/migrations/script.sql.tmpl");
}

TEST(ScriptDirectory, EmptyVersionsDirectory) {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "migrations/versions");
    EXPECT_THAT(ScriptDirectory(dir / "migrations").load_scripts(), IsEmpty());
}

TEST(ScriptDirectory, LoadsSqlFilesSortedByName) {
    test::TempDir dir;
    dir.write("migrations/versions/ccc_third.sql", revision_file("ccc", "bbb"));
    dir.write("migrations/versions/aaa_first.sql", revision_file("aaa"));
    dir.write("migrations/versions/bbb_second.sql", revision_file("bbb", "aaa"));
    std::vector<RevisionScript> scripts = ScriptDirectory(dir / "migrations").load_scripts();
    EXPECT_THAT(ids_of(scripts), ElementsAre("aaa", "bbb", "ccc"));
    EXPECT_EQ(scripts[1].revision.path, (dir / "migrations/versions/bbb_second.sql").string());
}

TEST(ScriptDirectory, IgnoresOtherFilesDotfilesAndSubfolders) {
    test::TempDir dir;
    dir.write("migrations/versions/aaa_first.sql", revision_file("aaa"));
    dir.write("migrations/versions/README.md", "not a script");
    dir.write("migrations/versions/bbb.sql.orig", "not a script");
    dir.write("migrations/versions/bbb.sql~", "editor backup");
    dir.write("migrations/versions/.ccc_hidden.sql", "not a script");
    dir.write("migrations/versions/old/ddd_archived.sql", revision_file("ddd"));
    dir.write("migrations/script.sql.tmpl", "-- not in versions/\n");
    EXPECT_THAT(ids_of(ScriptDirectory(dir / "migrations").load_scripts()), ElementsAre("aaa"));
}

// A *.sql entry is meant as a revision: skipping one would silently drop it from the graph.
TEST(ScriptDirectory, AFolderNamedLikeARevisionIsRefused) {
    test::TempDir dir;
    dir.write("migrations/versions/aaa_first.sql", revision_file("aaa"));
    std::filesystem::create_directories(dir / "migrations/versions/folder.sql");
    try {
        ScriptDirectory(dir / "migrations").load_scripts();
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "migrations/versions/folder.sql: is a directory, not a revision file");
        EXPECT_EQ(error.hint(),
                  "every *.sql entry in versions/ must be a revision file: rename or move it");
    }
}

TEST(ScriptDirectory, MissingVersionsDirectory) {
    test::TempDir dir;
    try {
        ScriptDirectory(dir / "migrations").load_scripts();
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "no versions directory at " + (dir / "migrations/versions").string());
        EXPECT_EQ(error.hint(), "run `mig init` first, or set [migrations] directory in mig.toml");
    }
}

TEST(ScriptDirectory, ParseErrorNamesTheFile) {
    test::TempDir dir;
    dir.write("migrations/versions/aaa_first.sql", revision_file("aaa"));
    dir.write("migrations/versions/bbb_broken.sql", "-- mig:revision bbb\n-- mig:upgrade\n");
    try {
        ScriptDirectory(dir / "migrations").load_scripts();
        FAIL() << "expected a ParseError";
    } catch (const ParseError& error) {
        EXPECT_EQ(error.file(), "migrations/versions/bbb_broken.sql");
        EXPECT_EQ(error.line(), 2);
    }
}

TEST(ScriptDirectory, LoadBuildsTheGraphIndexedLikeTheScripts) {
    test::TempDir dir;
    dir.write("migrations/versions/c_merge.sql", revision_file("c", "a b"));
    dir.write("migrations/versions/a_base.sql", revision_file("a"));
    dir.write("migrations/versions/b_branch.sql", revision_file("b"));
    ScriptDirectory directory(dir / "migrations");
    directory.load();
    const graph::RevisionGraph& graph = directory.graph();
    ASSERT_EQ(graph.size(), 3U);
    for (graph::RevisionGraph::Index i = 0; i < graph.size(); ++i) {
        // The metadata lives in the graph; the script at the same index holds that file's text.
        EXPECT_NE(directory.script(i).content.find("-- mig:revision " + graph.at(i).id + "\n"),
                  std::string::npos);
        EXPECT_EQ(std::filesystem::path(graph.at(i).path).parent_path(),
                  dir / "migrations/versions");
    }
    ASSERT_EQ(graph.heads().size(), 1U);
    EXPECT_EQ(graph.at(graph.heads()[0]).id, "c");
    EXPECT_EQ(directory.script(graph.heads()[0]).upgrade.sql, "SELECT 1;\n\n");
}

TEST(ScriptDirectory, BrokenGraphIsAGraphErrorAndKeepsThePreviousState) {
    test::TempDir dir;
    dir.write("migrations/versions/a_base.sql", revision_file("a"));
    ScriptDirectory directory(dir / "migrations");
    directory.load();
    dir.write("migrations/versions/b_orphan.sql", revision_file("b", "missing"));
    EXPECT_THROW(directory.load(), graph::GraphError);
    EXPECT_EQ(directory.graph().size(), 1U);
    EXPECT_EQ(directory.graph().at(0).id, "a");
    EXPECT_FALSE(directory.script(0).content.empty());
}

TEST(ScriptDirectory, HeadersOnlyLoadKeepsTheGraphButNoSql) {
    test::TempDir dir;
    dir.write("migrations/versions/a_base.sql", revision_file("a"));
    dir.write("migrations/versions/b_next.sql", revision_file("b", "a"));
    ScriptDirectory directory(dir / "migrations");
    directory.load(LoadMode::headers);
    EXPECT_EQ(directory.mode(), LoadMode::headers);
    ASSERT_EQ(directory.graph().size(), 2U);
    EXPECT_EQ(directory.graph().at(1).parents, std::vector<std::string>{"a"});
    EXPECT_THROW(directory.script(0), std::logic_error);
}

TEST(ScriptDirectory, AccessBeforeLoadIsALogicError) {
    ScriptDirectory directory("nowhere");
    EXPECT_THROW(directory.graph(), std::logic_error);
    EXPECT_THROW(directory.script(0), std::logic_error);
}

}  // namespace
}  // namespace mig::script
