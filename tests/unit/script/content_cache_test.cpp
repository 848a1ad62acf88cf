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
    std::string derived;  // what the cache kept from `derive` for these bytes
    bool operator==(const Seen&) const = default;
};

void PrintTo(const Seen& seen, std::ostream* out) {
    *out << "{" << seen.content << (seen.from_cache ? ", cached" : ", read") << ", derived '"
         << seen.derived << "'}";
}

class ContentCacheTest : public ::testing::Test {
protected:
    // Writes a file dated a minute ago: files changed within two seconds of writing the cache
    // are never cached.
    void write(const std::string& name, const std::string& content) {
        fs::path file = m_dir.write("versions/" + name, content);
        fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::minutes(1));
    }

    // Visits `names`; when the cache is rewritten, each file's derived bytes are "d:" and its
    // content. `generation` gets the cache's generation after the visit.
    std::vector<Seen> visit(const std::vector<std::string>& names,
                            std::string* generation = nullptr) {
        std::vector<Seen> seen;
        ContentCache cache(m_dir / "cache");
        cache.visit_all(
            m_dir / "versions", names,
            [&](std::size_t i, const ContentCache::File& file) {
                EXPECT_EQ(seen.size(), i);
                if (!file.sha256.empty()) {
                    EXPECT_EQ(file.sha256, util::sha256_hex(file.content)) << names[i];
                }
                seen.push_back(Seen{std::string(file.content), !file.sha256.empty(),
                                    std::string(file.derived)});
            },
            [&](std::size_t i) { return "d:" + seen.at(i).content; });
        if (generation != nullptr) {
            *generation = cache.generation();
        }
        return seen;
    }

    test::TempDir m_dir;
};

TEST_F(ContentCacheTest, FirstVisitReadsTheFilesAndTheNextOneUsesTheCache) {
    write("a.sql", "A");
    write("b.sql", "B");
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", false, ""}, Seen{"B", false, ""}));
    EXPECT_TRUE(fs::exists(m_dir / "cache/versions.cache"));
    EXPECT_THAT(visit({"a.sql", "b.sql"}),
                ElementsAre(Seen{"A", true, "d:A"}, Seen{"B", true, "d:B"}));
}

// The generation names one cache's contents: the same while nothing changes, another (or
// none) as soon as a file, or the set of files, differs.
TEST_F(ContentCacheTest, TheGenerationStaysWhileNothingChanges) {
    write("a.sql", "A");
    write("b.sql", "B");
    std::string first;
    visit({"a.sql", "b.sql"}, &first);
    EXPECT_EQ(first, "") << "the cache was just written: no visit saw it whole";
    std::string second;
    std::string third;
    visit({"a.sql", "b.sql"}, &second);
    visit({"a.sql", "b.sql"}, &third);
    EXPECT_NE(second, "");
    EXPECT_EQ(second, third);

    write("b.sql", "B2");
    std::string changed;
    visit({"a.sql", "b.sql"}, &changed);
    EXPECT_EQ(changed, "");
    std::string after;
    visit({"a.sql", "b.sql"}, &after);
    EXPECT_NE(after, "");
    EXPECT_NE(after, second);

    std::string fewer;
    visit({"a.sql"}, &fewer);
    EXPECT_EQ(fewer, "") << "a file left";
}

TEST_F(ContentCacheTest, ChangedFilesAreReadAgain) {
    write("a.sql", "A");
    write("b.sql", "B");
    visit({"a.sql", "b.sql"});
    write("b.sql", "B, longer");
    EXPECT_THAT(visit({"a.sql", "b.sql"}),
                ElementsAre(Seen{"A", true, "d:A"}, Seen{"B, longer", false, ""}));
    EXPECT_THAT(visit({"a.sql", "b.sql"}),
                ElementsAre(Seen{"A", true, "d:A"}, Seen{"B, longer", true, "d:B, longer"}));
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
                ElementsAre(Seen{"A", false, ""}, Seen{"B", true, "d:B"}, Seen{"E", false, ""},
                            Seen{"F", true, "d:F"}, Seen{"G", false, ""}));
    EXPECT_THAT(visit({"a.sql", "b.sql", "e.sql", "f.sql", "g.sql"}),
                ElementsAre(Seen{"A", true, "d:A"}, Seen{"B", true, "d:B"}, Seen{"E", true, "d:E"},
                            Seen{"F", true, "d:F"}, Seen{"G", true, "d:G"}));
}

TEST_F(ContentCacheTest, RecentlyChangedFilesAreNotCached) {
    write("a.sql", "A");
    m_dir.write("versions/b.sql", "B");  // dated now: it could change again within the tick
    visit({"a.sql", "b.sql"});
    EXPECT_THAT(visit({"a.sql", "b.sql"}),
                ElementsAre(Seen{"A", true, "d:A"}, Seen{"B", false, ""}));
}

TEST_F(ContentCacheTest, ACorruptOrEmptyCacheOnlyMeansReadingTheFiles) {
    write("a.sql", "A");
    write("b.sql", "B");
    visit({"a.sql", "b.sql"});
    const std::string bytes = m_dir.read("cache/versions.cache");
    m_dir.write("cache/versions.cache", bytes.substr(0, bytes.size() - 1));
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", false, ""}, Seen{"B", false, ""}));
    m_dir.write("cache/versions.cache", "");
    EXPECT_THAT(visit({"a.sql", "b.sql"}), ElementsAre(Seen{"A", false, ""}, Seen{"B", false, ""}));
    EXPECT_THAT(visit({"a.sql", "b.sql"}),
                ElementsAre(Seen{"A", true, "d:A"}, Seen{"B", true, "d:B"}));
}

}  // namespace
}  // namespace mig::script
