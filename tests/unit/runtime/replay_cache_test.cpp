#include "runtime/replay_cache.hpp"

#include "db/schema_loader.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::runtime {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::Optional;

std::vector<SchemaObject> objects_of(std::string_view ddl) {
    auto database = db::open_memory_database();
    db::load_ddl(*database, ddl, "test.sql", 1);
    return schema_objects(*database);
}

std::size_t file_count(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(SchemaObjects, TablesThenViewsThenTheRestEachInCreationOrder) {
    EXPECT_THAT(objects_of("CREATE VIEW v AS SELECT * FROM b;\n"
                           "CREATE TABLE b (x UNIQUE);\n"
                           "CREATE TRIGGER tr AFTER INSERT ON b BEGIN SELECT 1; END;\n"
                           "CREATE INDEX i ON b (x);\n"
                           "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"),
                ElementsAre(SchemaObject{"table", "b", "CREATE TABLE b (x UNIQUE)"},
                            SchemaObject{"table", "a",
                                         "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT)"},
                            SchemaObject{"view", "v", "CREATE VIEW v AS SELECT * FROM b"},
                            SchemaObject{"trigger", "tr",
                                         "CREATE TRIGGER tr AFTER INSERT ON b BEGIN SELECT 1; END"},
                            SchemaObject{"index", "i", "CREATE INDEX i ON b (x)"}));
}

TEST(RebuildSchema, RecreatesTheObjects) {
    const auto objects = objects_of(
        "CREATE TABLE t (a);\nCREATE INDEX t_a ON t (a);\nCREATE VIRTUAL TABLE s USING fts5(b);");
    auto database = db::open_memory_database();
    ASSERT_TRUE(rebuild_schema(*database, objects));
    EXPECT_EQ(schema_objects(*database), objects);
}

TEST(RebuildSchema, FailingStatementCreatesNothing) {
    auto database = db::open_memory_database();
    EXPECT_FALSE(rebuild_schema(*database, {{"table", "a", "CREATE TABLE a (x)"},
                                            {"index", "i", "CREATE INDEX i ON missing (x)"}}));
    EXPECT_TRUE(schema_objects(*database).empty());
}

TEST(ReplayCache, StoresAndLoadsByKey) {
    test::TempDir dir;
    ReplayCache cache(dir / ".mig/cache");
    const std::vector<SchemaObject> objects = {
        {"table", "odd\nname", "CREATE TABLE \"odd\nname\" (a)"}, {"view", "v", ""}};
    EXPECT_EQ(cache.load("aaaa1111"), std::nullopt);
    cache.store("aaaa1111", objects);
    EXPECT_THAT(cache.load("aaaa1111"), Optional(objects));
    EXPECT_EQ(cache.load("bbbb2222"), std::nullopt);
    EXPECT_TRUE(fs::exists(dir / ".mig/.gitignore"));
}

TEST(ReplayCache, FileForAnotherKeyWithTheSamePrefixIsAMiss) {
    test::TempDir dir;
    ReplayCache cache(dir.path());
    cache.store("0123456789abcdef-one", {{"table", "a", "CREATE TABLE a (x)"}});
    EXPECT_EQ(cache.load("0123456789abcdef-two"), std::nullopt);
}

TEST(ReplayCache, KeepsOnlyTheNewestFiles) {
    test::TempDir dir;
    ReplayCache cache(dir / "cache");
    for (int i = 0; i < 12; ++i) {
        cache.store("key" + std::to_string(i) + std::string(16, '0'), {});
    }
    EXPECT_EQ(file_count(dir / "cache"), 8u);
    EXPECT_TRUE(cache.load("key11" + std::string(16, '0')).has_value());
}

TEST(ReplayCache, UnwritableFolderIsIgnored) {
    test::TempDir dir;
    dir.write("cache", "a file where the folder should be");
    ReplayCache cache(dir / "cache");
    cache.store("key", {});
    EXPECT_EQ(cache.load("key"), std::nullopt);
}

}  // namespace
}  // namespace mig::runtime
