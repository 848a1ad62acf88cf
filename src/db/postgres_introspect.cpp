#include "db/postgres_introspect.hpp"

#include "db/postgres_introspect_rows.hpp"
#include "util/error.hpp"

#include <string>

namespace mig::db {
namespace pg_introspect {

const schema::pg::QualifiedName* Relations::find(const std::string& oid) const {
    if (auto table = tables.find(oid); table != tables.end()) {
        return &table->second;
    }
    if (auto view = views.find(oid); view != views.end()) {
        return &view->second;
    }
    return nullptr;
}

std::string Relations::column_name(const std::string& oid, const std::string& attnum) const {
    auto table = column_names.find(oid);
    if (table == column_names.end()) {
        return {};
    }
    auto column = table->second.find(std::stoll(attnum));
    return column != table->second.end() ? column->second : std::string();
}

namespace {

void append_oids(std::string& out, const std::map<std::string, schema::pg::QualifiedName>& oids) {
    for (const auto& [oid, name] : oids) {
        if (out.size() > 1) {
            out += ',';
        }
        out += oid;
    }
}

}  // namespace

std::string Relations::all_oids() const {
    std::string out = "{";
    append_oids(out, tables);
    append_oids(out, views);
    return out + "}";
}

std::string Relations::table_oids() const {
    std::string out = "{";
    append_oids(out, tables);
    return out + "}";
}

long long Rows::number(int row, int column) const {
    const std::string value = text(row, column);
    try {
        return std::stoll(value);
    } catch (const std::exception&) {
        throw FailedError("PostgreSQL returned '" + value +
                          "' where the catalog query expected a number");
    }
}

std::vector<std::string> Rows::texts(int row, int column) const {
    return parse_text_array(text(row, column));
}

Rows query(const PgConnection& connection, const std::string& sql, const std::string& array) {
    return Rows(connection.exec(sql, {array}));
}

std::string array_literal(const std::vector<std::string>& values) {
    std::string out = "{";
    for (const std::string& value : values) {
        if (out.size() > 1) {
            out += ',';
        }
        out += '"';
        for (char c : value) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::vector<std::string> parse_text_array(const std::string& text) {
    auto malformed = [&text]() {
        return FailedError("PostgreSQL returned '" + text +
                           "' where the catalog query expected a text array");
    };
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        throw malformed();
    }
    std::vector<std::string> elements;
    if (text == "{}") {
        return elements;
    }
    std::size_t at = 1;
    const std::size_t end = text.size() - 1;
    while (at <= end) {
        std::string element;
        if (text[at] == '"') {
            ++at;
            while (at < end && text[at] != '"') {
                if (text[at] == '\\') {
                    ++at;
                }
                element += text[at++];
            }
            if (at >= end) {
                throw malformed();
            }
            ++at;  // the closing quote
        } else {
            while (at < end && text[at] != ',') {
                element += text[at++];
            }
            if (element.empty() || element == "NULL") {
                throw malformed();
            }
        }
        elements.push_back(std::move(element));
        if (at == end) {
            break;
        }
        if (text[at] != ',') {
            throw malformed();
        }
        ++at;
    }
    return elements;
}

std::string not_in_extension(const std::string& catalog, const std::string& oid_sql) {
    return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog +
           "'::regclass AND e.objid = " + oid_sql + " AND e.deptype = 'e')";
}

std::string description(const std::string& catalog, const std::string& oid_sql,
                        const std::string& subid_sql) {
    return "(SELECT ds.description FROM pg_description ds WHERE ds.objoid = " + oid_sql +
           " AND ds.classoid = '" + catalog + "'::regclass AND ds.objsubid = " + subid_sql + ")";
}

}  // namespace pg_introspect

namespace {

// One snapshot for every query, with search_path = pg_catalog for this transaction only.
// When the caller already has a transaction open, its snapshot is used and its search_path put
// back at the end.
class CatalogSnapshot {
public:
    explicit CatalogSnapshot(const PgConnection& connection)
        : m_connection(connection), m_owned(!connection.in_transaction()) {
        if (m_owned) {
            m_connection.exec(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                "SET LOCAL search_path = pg_catalog");
        } else {
            m_previous_search_path =
                m_connection.exec("SELECT pg_catalog.current_setting('search_path')").text(0, 0);
            m_connection.exec("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)");
        }
    }
    ~CatalogSnapshot() {
        if (!m_finished) {
            if (m_owned) {
                m_connection.try_exec("ROLLBACK");
            } else {
                restore_search_path();
            }
        }
    }
    CatalogSnapshot(const CatalogSnapshot&) = delete;
    CatalogSnapshot& operator=(const CatalogSnapshot&) = delete;

    void finish() {
        m_finished = true;
        if (m_owned) {
            m_connection.exec("COMMIT");
        } else {
            restore_search_path();
        }
    }

private:
    void restore_search_path() const {
        m_connection.try_exec("SELECT pg_catalog.set_config('search_path', $1, true)",
                              {m_previous_search_path});
    }

    const PgConnection& m_connection;
    bool m_owned;
    bool m_finished = false;
    std::string m_previous_search_path;
};

}  // namespace

schema::pg::Catalog introspect(const PgConnection& connection,
                               const std::vector<std::string>& schemas) {
    using namespace pg_introspect;
    CatalogSnapshot snapshot(connection);
    const std::string managed = array_literal(schemas);
    schema::pg::Catalog catalog;
    read_schemas_and_extensions(connection, managed, catalog);
    Relations relations = read_relations(connection, managed, catalog);
    read_columns(connection, relations, catalog);
    read_constraints(connection, relations, catalog);
    read_indexes(connection, relations, catalog);
    read_view_dependencies(connection, relations, catalog);
    read_triggers(connection, relations, catalog);
    read_sequences(connection, managed, catalog);
    read_types(connection, managed, catalog);
    read_functions(connection, managed, catalog);
    snapshot.finish();
    return catalog;
}

}  // namespace mig::db
