// Micro-benchmarks of the pure part of every mig command: parsing revision scripts,
// building and validating the RevisionGraph, and planning an upgrade. No file or database
// I/O: the scripts are generated in memory in the contract format, shaped like the files
// bench/generate_project.py writes (a linear chain alternating CREATE TABLE / ADD COLUMN).
//
//   build-perf/bench/mig_bench --benchmark_filter=10000
//
// The end-to-end budgets (process start, file I/O, SQLite) are measured by
// bench/run_benchmarks.sh; this binary isolates the in-memory share of them.

#include "graph/plan.hpp"
#include "graph/revision_graph.hpp"
#include "graph/target.hpp"
#include "script/revision_script.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using mig::graph::RevisionGraph;

// Where the scripts pretend to live: an absolute path of realistic depth, because
// std::filesystem::path splits every stored path into components and that cost is real.
constexpr const char* k_versions_dir = "/home/user/project/migrations/versions";

// 12 lowercase hex characters, distinct per number, not in numeric order (like uuid4-based
// ids), so sorting and hashing see realistic input.
std::string revision_id(std::size_t number) {
    std::uint64_t x = number * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    x ^= x >> 29U;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 32U;
    char text[17];
    std::snprintf(text, sizeof text, "%012llx",
                  static_cast<unsigned long long>(x & 0xFFFFFFFFFFFFULL));
    return text;
}

struct ScriptText {
    std::string content;
    fs::path file;
};

// prefix + number. Appending instead of `"t" + std::to_string(n)` sidesteps GCC 12's false
// -Wrestrict warning on operator+(const char*, std::string&&) at -O3.
std::string numbered(const char* prefix, std::size_t number) {
    std::string text(prefix);
    text += std::to_string(number);
    return text;
}

ScriptText make_script(std::size_t number) {
    const std::string id = revision_id(number);
    const std::string table = numbered("t", number / 2);
    const std::string column = numbered("c", number);
    const bool create = number % 2 == 0;
    const std::string message =
        create ? "Create table " + table : "Add column " + column + " to " + table;
    const std::string slug = create ? "create_table_" + table : "add_column_" + column;

    std::string text = "-- mig:revision " + id + "\n";
    if (number > 0) {
        text += "-- mig:parents " + revision_id(number - 1) + "\n";
    }
    text += "-- mig:message " + message + "\n";
    text += "-- mig:created 2026-01-01T00:00:00Z\n\n-- mig:upgrade\n";
    text += create ? "CREATE TABLE \"" + table + "\" (\"id\" INTEGER PRIMARY KEY, \"name\" TEXT);\n"
                   : "ALTER TABLE \"" + table + "\" ADD COLUMN \"" + column + "\" INTEGER;\n";
    text += "\n-- mig:downgrade\n";
    text += create ? "DROP TABLE \"" + table + "\";\n"
                   : "ALTER TABLE \"" + table + "\" DROP COLUMN \"" + column + "\";\n";
    return {std::move(text), fs::path(k_versions_dir) / (id + "_" + slug + ".sql")};
}

// Generated once per size and shared by every benchmark of that size.
const std::vector<ScriptText>& scripts_of(std::size_t count) {
    static std::vector<ScriptText> scripts;
    if (scripts.size() != count) {
        scripts.clear();
        scripts.reserve(count);
        for (std::size_t number = 0; number < count; ++number) {
            scripts.push_back(make_script(number));
        }
    }
    return scripts;
}

std::vector<mig::graph::Revision> revisions_of(std::size_t count) {
    std::vector<mig::graph::Revision> revisions;
    revisions.reserve(count);
    for (const auto& script : scripts_of(count)) {
        revisions.push_back(
            mig::script::parse_revision_script(script.content, script.file).revision);
    }
    return revisions;
}

std::size_t bytes_of(const std::vector<ScriptText>& scripts) {
    std::size_t bytes = 0;
    for (const auto& script : scripts) {
        bytes += script.content.size();
    }
    return bytes;
}

std::size_t size_arg(const benchmark::State& state) {
    return static_cast<std::size_t>(state.range(0));
}

// Parsing alone: header directives, section split, destructive marks.
void BM_ParseScripts(benchmark::State& state) {
    const auto& scripts = scripts_of(size_arg(state));
    for (auto _ : state) {
        for (const auto& script : scripts) {
            auto parsed = mig::script::parse_revision_script(script.content, script.file);
            benchmark::DoNotOptimize(parsed);
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(scripts.size()));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_of(scripts)));
}

// Building and validating the graph (duplicate ids, missing parents, cycles, topological
// order) from already-parsed revisions. The input copy is not timed.
void BM_BuildGraph(benchmark::State& state) {
    const auto revisions = revisions_of(size_arg(state));
    for (auto _ : state) {
        state.PauseTiming();
        auto input = revisions;
        state.ResumeTiming();
        auto graph = RevisionGraph::build(std::move(input));
        benchmark::DoNotOptimize(graph);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(revisions.size()));
}

// What `mig heads` does once the files are read: parse every script, keep them, and build
// the graph from copies of their revisions (as ScriptDirectory does).
void BM_ParseAndBuildGraph(benchmark::State& state) {
    const auto& scripts = scripts_of(size_arg(state));
    for (auto _ : state) {
        std::vector<mig::script::RevisionScript> parsed;
        parsed.reserve(scripts.size());
        for (const auto& script : scripts) {
            parsed.push_back(mig::script::parse_revision_script(script.content, script.file));
        }
        std::vector<mig::graph::Revision> revisions;
        revisions.reserve(parsed.size());
        for (const auto& script : parsed) {
            revisions.push_back(script.revision);
        }
        auto graph = RevisionGraph::build(std::move(revisions));
        benchmark::DoNotOptimize(graph);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(scripts.size()));
}

// `mig upgrade head` from an empty database: resolve the target, plan every revision.
void BM_PlanUpgradeFromBase(benchmark::State& state) {
    const auto graph = RevisionGraph::build(revisions_of(size_arg(state)));
    for (auto _ : state) {
        auto targets = mig::graph::resolve_target(graph, "head", {});
        auto plan = mig::graph::plan_upgrade(graph, {}, targets);
        benchmark::DoNotOptimize(plan);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(graph.size()));
}

// `mig upgrade head` from a database half-way up the chain (the applied set is computed
// from the current head, so this measures the ancestor walk as well).
void BM_PlanUpgradeFromMiddle(benchmark::State& state) {
    const std::size_t count = size_arg(state);
    const auto graph = RevisionGraph::build(revisions_of(count));
    const std::vector<std::string> current{revision_id(count / 2)};
    for (auto _ : state) {
        auto current_indices = mig::graph::current_indices(graph, current);
        auto targets = mig::graph::resolve_target(graph, "head", current_indices);
        auto plan = mig::graph::plan_upgrade(graph, current, targets);
        benchmark::DoNotOptimize(plan);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(count - count / 2));
}

// A relative target walks the chain one step at a time.
void BM_ResolveRelativeTarget(benchmark::State& state) {
    const std::size_t count = size_arg(state);
    const auto graph = RevisionGraph::build(revisions_of(count));
    const std::string target = numbered("+", count - 1);
    const std::vector<RevisionGraph::Index> base_index{*graph.find(revision_id(0))};
    for (auto _ : state) {
        auto targets = mig::graph::resolve_target(graph, target, base_index);
        benchmark::DoNotOptimize(targets);
    }
}

}  // namespace

BENCHMARK(BM_ParseScripts)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildGraph)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseAndBuildGraph)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanUpgradeFromBase)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanUpgradeFromMiddle)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ResolveRelativeTarget)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
