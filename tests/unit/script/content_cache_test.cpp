#include "script/content_cache.hpp"

#include "support/temp_dir.hpp"
#include "util/sha256.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::script {
namespace {

namespace fs = std::filesystem;

using ::testing::ElementsAre;

// What one visit saw of each file: its content and whether the cache supplied it (a hit
// comes with the SHA-256 the cache recorded).
struct Seen {
    std::string content;
    bool from_cache = false;
    bool operator==(const Seen&) const = default;
};

void PrintTo(const Seen& seen, std::ostream* out) {
    *out << "{" << seen.content << (seen.from_cache ? ", cached}" : ", read}");
}

class ContentCacheTest : public ::testing::Test {
protected:
    // Writes a file dated a minute ago: files changed within two seconds of writing the cache
    // are never cached.
    void write(const std::string& name, const std::string& content) {
        fs::path file = m_dir.write("versions/" + name, content);
        fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::minutes(1));
    }

    std::vector<Seen> visit(const std::vector<std::string>& names) {
        std::vector<Seen> seen;
        ContentCache(m_dir / "cache")
            .visit_all(m_dir / "versions", names,
                       [&](std::size_t i, std::string_view content, std::string_view sha256) {
                           EXPECT_EQ(seen.size(), i);
                           if (!sha256.empty()) {
                               EXPECT_EQ(sha256, util::sha256_hex(content)) << names[i];
                           }
                           seen.push_back(Seen{std::string(content), !sha256.empty()});
                       });
        return seen;
    }

    test::TempDir m_dir;
};

TEST_F(ContentCacheTest, FirstVisitReadsTheFilesAndTheNextOneUsesTheCache) {
    write("a.sql", "A");
    write("b.sql", "B");
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", false}, Seen{"B", false}));
    EXPECT_TRUE(fs::exists(m_dir / "cache/versions.cache"));
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", true}, Seen{"B", true}));
}

TEST_F(ContentCacheTest, ChangedFilesAreReadAgain) {
    write("a.sql", "A");
    write("b.sql", "B");
    visit({"a.sql", "b.sql"});
    write("b.sql", "B, longer");
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", true}, Seen{"B, longer", false}));
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", true}, Seen{"B, longer", true}));
}

TEST_F(ContentCacheTest, FilesAddedAndRemovedAroundCachedOnes) {
    write("b.sql", "B");
    write("d.sql", "D");
    write("f.sql", "F");
    visit({"b.sql", "d.sql", "f.sql"});
    fs::remove(m_dir / "versions/d.sql");
    write("a.sql", "A");
    write("e.sql", "E");
    write("g.sql", "G");
    EXPECT_THAT(visit({"a.sql", "b.sql", "e.sql", "f.sql", "g.sql"}),
                ElementsAre(Seen{"A", false}, Seen{"B", true}, Seen{"E", false}, Seen{"F", true},
                            Seen{"G", false}));
    EXPECT_THAT(visit({"a.sql", "b.sql", "e.sql", "f.sql", "g.sql"}),
                ElementsAre(Seen{"A", true}, Seen{"B", true}, Seen{"E", true}, Seen{"F", true},
                            Seen{"G", true}));
}

TEST_F(ContentCacheTest, RecentlyChangedFilesAreNotCached) {
    write("a.sql", "A");
    m_dir.write("versions/b.sql", "B");  // dated now: it could change again within the tick
    visit({"a.sql", "b.sql"});
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", true}, Seen{"B", false}));
}

TEST_F(ContentCacheTest, ACorruptOrEmptyCacheOnlyMeansReadingTheFiles) {
    write("a.sql", "A");
    write("b.sql", "B");
    visit({"a.sql", "b.sql"});
    const std::string bytes = m_dir.read("cache/versions.cache");
    m_dir.write("cache/versions.cache", bytes.substr(0, bytes.size() - 1));
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", false}, Seen{"B", false}));
    m_dir.write("cache/versions.cache", "");
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", false}, Seen{"B", false}));
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", true}, Seen{"B", true}));
}

}  // namespace
}  // namespace mig::script
