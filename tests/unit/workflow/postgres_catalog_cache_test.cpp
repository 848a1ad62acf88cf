// The cache of PostgreSQL catalogs: what is stored comes back equal with its server version,
// and anything else (another key, a damaged or foreign file, no cache folder) is a miss, never
// an error; only the newest files are kept.

#include "workflow/postgres_catalog_cache.hpp"

#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::workflow {
namespace {

namespace fs = std::filesystem;

CachedCatalog users_catalog() {
    schema::pg::Table users;
    users.name = {"public", "users"};
    schema::pg::Column id;
    id.name = "id";
    id.type = "bigint";
    id.not_null = true;
    users.columns.push_back(id);
    schema::pg::Column email;
    email.name = "email";
    email.type = "character varying(200)";
    users.columns.push_back(email);
    CachedCatalog cached;
    cached.catalog.schemas = {"public"};
    cached.catalog.tables.emplace(users.name, users);
    cached.server_version = 150004;
    return cached;
}

std::size_t catalog_files(const fs::path& dir) {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        count += entry.path().filename().string().starts_with("pg-catalog-") ? 1U : 0U;
    }
    return count;
}

const std::string k_key = "0123456789abcdef0123456789abcdef";

TEST(PostgresCatalogCache, AStoredCatalogComesBackWithItsServerVersion) {
    test::TempDir dir;
    const PostgresCatalogCache cache(dir / ".mig/cache");
    EXPECT_FALSE(cache.load(k_key));
    cache.store(k_key, users_catalog());
    const std::optional<CachedCatalog> loaded = cache.load(k_key);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->catalog, users_catalog().catalog);
    EXPECT_EQ(loaded->server_version, 150004);
}

TEST(PostgresCatalogCache, AnotherKeyWithTheSameFileNameIsAMiss) {
    test::TempDir dir;
    const PostgresCatalogCache cache(dir / ".mig/cache");
    cache.store(k_key, users_catalog());
    // File names hold the key's first 16 characters; the whole key inside decides.
    EXPECT_FALSE(cache.load("0123456789abcdef" + std::string(16, '0')));
}

TEST(PostgresCatalogCache, ADamagedOrForeignFileIsAMissNotAnError) {
    test::TempDir dir;
    const PostgresCatalogCache cache(dir / ".mig/cache");
    cache.store(k_key, users_catalog());
    fs::path file;
    for (const auto& entry : fs::directory_iterator(dir / ".mig/cache")) {
        if (entry.path().filename().string().starts_with("pg-catalog-")) {
            file = entry.path();
        }
    }
    ASSERT_FALSE(file.empty());
    for (const std::string& content :
         {std::string("{\"format\": \"mig-pg-catalog 1\", \"key\": \"") + k_key + "\"",  // cut
          std::string("{\"format\": \"mig-pg-catalog 0\", \"key\": \"") + k_key +
              "\", \"server_version\": 1, \"catalog\": {}}",
          std::string("{\"format\": \"mig-pg-catalog 1\", \"key\": \"") + k_key +
              "\", \"server_version\": 1, \"catalog\": {\"tables\": 3}}",
          std::string("not json")}) {
        dir.write(fs::relative(file, dir.path()).string(), content);
        EXPECT_FALSE(cache.load(k_key)) << content;
    }
}

TEST(PostgresCatalogCache, WithoutACacheFolderNothingIsWrittenOrFound) {
    test::TempDir dir;
    const PostgresCatalogCache cache{fs::path()};
    cache.store(k_key, users_catalog());
    EXPECT_FALSE(cache.load(k_key));
    EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(PostgresCatalogCache, OnlyTheNewestCatalogsAreKept) {
    test::TempDir dir;
    const PostgresCatalogCache cache(dir / ".mig/cache");
    for (int i = 0; i < 12; ++i) {
        cache.store(std::to_string(1000 + i) + std::string(28, 'a'), users_catalog());
    }
    EXPECT_EQ(catalog_files(dir / ".mig/cache"), 8U);
    EXPECT_TRUE(cache.load("1011" + std::string(28, 'a')));  // the last one written
}

}  // namespace
}  // namespace mig::workflow
