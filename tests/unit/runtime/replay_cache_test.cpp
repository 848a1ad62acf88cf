#include "runtime/replay_cache.hpp"

#include "db/schema_loader.hpp"
#include "db/sqlite_image.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::runtime {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<SQLite::Database> database_of(std::string_view ddl) {
    auto database = db::open_memory_database();
    db::load_ddl(*database, ddl, "test.sql", 1);
    return database;
}

// sqlite_schema's rows as "type name sql" lines, in rowid order.
std::vector<std::string> schema_rows(SQLite::Database& database) {
    SQLite::Statement query(database, "SELECT type, name, sql FROM sqlite_schema ORDER BY rowid");
    std::vector<std::string> rows;
    while (query.executeStep()) {
        rows.push_back(query.getColumn(0).getString() + " " + query.getColumn(1).getString() + " " +
                       query.getColumn(2).getString());
    }
    return rows;
}

std::size_t file_count(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

constexpr const char* k_ddl =
    "CREATE TABLE \"odd\nname\" (a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT);\n"
    "CREATE INDEX ix ON \"odd\nname\" (b);\n"
    "CREATE VIRTUAL TABLE s USING fts5(body);\n"
    "INSERT INTO \"odd\nname\" (b) VALUES ('kept');\n";

TEST(SqliteImage, RoundTripsSchemaRowsAndVirtualTables) {
    auto original = database_of(k_ddl);
    const std::string image = db::serialize_image(*original);
    ASSERT_FALSE(image.empty());
    auto restored = db::deserialize_image(image);
    ASSERT_NE(restored, nullptr);
    EXPECT_EQ(schema_rows(*restored), schema_rows(*original));
    EXPECT_EQ(restored->execAndGet("SELECT b FROM \"odd\nname\"").getString(), "kept");
    restored->exec("INSERT INTO s (body) VALUES ('writable')");  // and usable as before
    EXPECT_EQ(restored->execAndGet("PRAGMA foreign_keys").getInt(), 0);
}

TEST(SqliteImage, BytesThatAreNoDatabaseGiveNothing) {
    EXPECT_EQ(db::deserialize_image(""), nullptr);
    EXPECT_EQ(db::deserialize_image(std::string(4096, 'x')), nullptr);
    std::string truncated = db::serialize_image(*database_of(k_ddl));
    truncated.resize(100);
    EXPECT_EQ(db::deserialize_image(truncated), nullptr);
}

TEST(ReplayCache, StoresAndLoadsByKey) {
    test::TempDir dir;
    ReplayCache cache(dir / ".mig/cache");
    auto original = database_of(k_ddl);
    EXPECT_EQ(cache.load("aaaa1111"), nullptr);
    cache.store("aaaa1111", *original);
    auto loaded = cache.load("aaaa1111");
    ASSERT_NE(loaded, nullptr);
    EXPECT_EQ(schema_rows(*loaded), schema_rows(*original));
    EXPECT_EQ(cache.load("bbbb2222"), nullptr);
    EXPECT_TRUE(fs::exists(dir / ".mig/.gitignore"));
}

TEST(ReplayCache, FileForAnotherKeyWithTheSamePrefixIsAMiss) {
    test::TempDir dir;
    ReplayCache cache(dir.path());
    cache.store("0123456789abcdef-one", *database_of("CREATE TABLE a (x);"));
    EXPECT_EQ(cache.load("0123456789abcdef-two"), nullptr);
}

TEST(ReplayCache, ACorruptFileIsAMiss) {
    test::TempDir dir;
    ReplayCache cache(dir.path());
    cache.store("0123456789abcdef", *database_of("CREATE TABLE a (x);"));
    const fs::path file = dir / "schema-0123456789abcdef.cache";
    ASSERT_TRUE(fs::exists(file));
    std::string bytes = dir.read("schema-0123456789abcdef.cache");
    dir.write("schema-0123456789abcdef.cache", bytes.substr(0, bytes.size() / 2));
    EXPECT_EQ(cache.load("0123456789abcdef"), nullptr);
}

TEST(ReplayCache, LoadLatestFindsTheLongestStoredPrefix) {
    test::TempDir dir;
    ReplayCache cache(dir.path());
    const std::vector<std::string> keys = {"k1aaaaaaaaaaaaaaaa", "k2aaaaaaaaaaaaaaaa",
                                           "k3aaaaaaaaaaaaaaaa", "k4aaaaaaaaaaaaaaaa"};
    EXPECT_FALSE(cache.load_latest(keys).has_value());
    cache.store(keys[0], *database_of("CREATE TABLE one (x);"));
    cache.store(keys[2], *database_of("CREATE TABLE three (x);"));
    auto hit = cache.load_latest(keys);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->index, 2U);
    EXPECT_TRUE(hit->database->tableExists("three"));
}

TEST(ReplayCache, KeepsOnlyTheNewestFilesOfEachKind) {
    test::TempDir dir;
    ReplayCache schemas(dir / "cache");
    ReplayCache models(dir / "cache", "model");
    auto database = database_of("CREATE TABLE a (x);");
    models.store("model" + std::string(16, '0'), *database);
    for (int i = 0; i < 12; ++i) {
        schemas.store("key" + std::to_string(i) + std::string(16, '0'), *database);
    }
    EXPECT_EQ(file_count(dir / "cache"), 9u);
    EXPECT_NE(schemas.load("key11" + std::string(16, '0')), nullptr);
    EXPECT_NE(models.load("model" + std::string(16, '0')), nullptr);
}

TEST(ReplayCache, UnwritableFolderIsIgnored) {
    test::TempDir dir;
    dir.write("cache", "a file where the folder should be");
    ReplayCache cache(dir / "cache");
    cache.store("key", *database_of("CREATE TABLE a (x);"));
    EXPECT_EQ(cache.load("key"), nullptr);
}

}  // namespace
}  // namespace mig::runtime
