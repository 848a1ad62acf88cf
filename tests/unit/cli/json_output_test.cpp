// The shared --json helpers: one document with "version" first, whatever bytes it carries.

#include "cli/json_output.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace mig::cli {
namespace {

// What print_json wrote, read back from a temporary file.
std::string printed(const Json& body) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
    print_json(Output{file.get(), true}, body);
    std::fflush(file.get());
    std::rewind(file.get());
    std::string text;
    char buffer[256];
    for (std::size_t got = 0; (got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) {
        text.append(buffer, got);
    }
    return text;
}

TEST(PrintJson, VersionComesFirstThenTheBodyInOrder) {
    const std::string text = printed({{"zeta", 1}, {"alpha", {{"b", true}, {"a", nullptr}}}});
    EXPECT_EQ(text,
              "{\n"
              "  \"version\": 1,\n"
              "  \"zeta\": 1,\n"
              "  \"alpha\": {\n"
              "    \"b\": true,\n"
              "    \"a\": null\n"
              "  }\n"
              "}\n");
}

TEST(PrintJson, QuietNeverDropsTheDocument) {
    EXPECT_EQ(printed(Json::object()), "{\n  \"version\": 1\n}\n");
}

TEST(PrintJson, BytesThatAreNotUtf8BecomeReplacementCharacters) {
    const std::string text = printed({{"file", std::string("caf\xe9.sql")}});
    EXPECT_NE(text.find("caf\xef\xbf\xbd.sql"), std::string::npos) << text;
    EXPECT_TRUE(Json::accept(text));
}

TEST(PrintJson, EscapesQuotesAndControlCharacters) {
    const Json parsed = Json::parse(printed({{"message", "say \"hi\"\n\tthen\x01go"}}));
    EXPECT_EQ(parsed.at("message"), "say \"hi\"\n\tthen\x01go");
}

}  // namespace
}  // namespace mig::cli
