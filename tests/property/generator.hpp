#pragma once

// Seeded random schemas and random mutations of them, for the property-based round-trip test.
// The same seed always gives the same pair, so a failing case can be replayed from its seed.

#include "property/schema_model.hpp"

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace mig::property {

// A rename the mutation made, given to compare() as the user's --rename would be.
struct Rename {
    std::string table;  // for a column; empty for a table
    std::string from;
    std::string to;
};

// One generated case: the schema the migrations have (every table seeded with rows), the model
// after random mutations, and the renames among them.
struct Pair {
    Model before;
    Model after;
    std::vector<Rename> renames;
    std::vector<std::string> mutations;  // what was done, in words, for failure messages
};

class Generator {
public:
    explicit Generator(std::uint64_t seed) : m_random(seed) {}

    Pair pair();

private:
    // Random choices.
    std::size_t below(std::size_t n);
    bool chance(int percent);
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[below(items.size())];
    }

    // Whole schemas.
    Model schema();
    std::string fresh_name(const Model& model, const std::vector<std::string>& pool);
    std::string fresh_column_name(const ModelTable& table);
    ModelColumn column(const ModelTable& table, bool seeded);
    std::string type_for(const ModelTable& table);
    std::optional<std::string> default_for(const ModelTable& table, const std::string& type);
    void add_table(Model& model, bool seeded);
    void add_foreign_key(Model& model, ModelTable& table);
    void add_index(Model& model);
    void add_view(Model& model);
    void add_trigger(Model& model);
    void add_generated_column(ModelTable& table);

    // Mutations: each changes `model` and says what it did; renames are recorded in `renames`.
    std::string mutate(Model& model, std::vector<Rename>& renames);
    std::string mutate_table(Model& model, ModelTable& table, std::vector<Rename>& renames);
    std::string mutate_column(Model& model, ModelTable& table, ModelColumn& column,
                              std::vector<Rename>& renames);

    std::mt19937_64 m_random;
    // Folded names of `before`'s objects: a mutation never reuses one, since mig (rightly) takes
    // a table of the same name for the same table, rows included.
    std::set<std::string> m_reserved;
    const Model* m_before = nullptr;                 // the pair's first schema, while mutating
    const std::vector<Rename>* m_renames = nullptr;  // the pair's renames so far
    // `column` of `table` (names in the model being mutated) as `before` has it; empty while
    // `before` is drawn, or for a column `before` does not have.
    struct BeforeColumn {
        const ModelTable* table = nullptr;
        const ModelColumn* column = nullptr;
    };
    BeforeColumn before_column(const std::string& table, const std::string& column) const;
    // Was `column` of `table` in a key or a UNIQUE index of `before`? Its drop's downgrade would
    // refill every row with one default.
    bool was_key_column(const std::string& table, const std::string& column) const;
};

// Is `column` in the primary key or a UNIQUE constraint of `table`?
bool in_key(const ModelTable& table, const std::string& column);

// Is `column` of `table` a child or parent column of a foreign key?
bool in_foreign_key(const Model& model, const ModelTable& table, const ModelColumn& column);

// Makes `model` consistent after a mutation: drops what names a missing table or column, keys
// that are no longer keys, and settings SQLite refuses (see the comments inside).
void repair(Model& model);

}  // namespace mig::property
