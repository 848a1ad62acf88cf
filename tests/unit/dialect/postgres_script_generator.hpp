#pragma once

// Random PostgreSQL scripts of known statements, for the splitter's property tests: every
// statement is valid SQL that PostgreSQL 15 runs without a table, made of the pieces whose
// `;`, quotes, `$` and comment markers the splitter must see through. A SELECT prints its
// own number (one row, one column), so psql's output tells which statements the server got.

#include <random>
#include <string>
#include <vector>

namespace mig::test {

struct GeneratedScript {
    std::string text;
    // The statements as the splitter must return them: the comments before each kept, each
    // ending with its `;`.
    std::vector<std::string> statements;
    // The numbers the SELECT statements print, in order (psql -At output).
    std::vector<std::string> printed;
};

class PostgresScriptGenerator {
public:
    explicit PostgresScriptGenerator(unsigned seed) : m_random(seed) {}

    GeneratedScript script(int statements) {
        GeneratedScript out;
        for (int i = 1; i <= statements; ++i) {
            std::string statement = separator() + this->statement(i, out.printed);
            // What the splitter returns: the separator's whitespace trimmed, comments kept.
            const std::size_t first = statement.find_first_not_of(" \t\n\r\f\v");
            out.statements.push_back(statement.substr(first));
            out.text += statement;
        }
        out.text += pick({"", "\n", " \n\n"});
        return out;
    }

private:
    std::string pick(const std::vector<std::string>& choices) {
        return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(m_random)];
    }

    int number(int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(m_random);
    }

    // Whitespace and comments between statements (kept with the next statement).
    std::string separator() {
        std::string out;
        for (int i = number(0, 3); i > 0; --i) {
            out += pick({"\n", " ", "\t", "\n\n", "-- note; it's 'odd' /* x\n",
                         "/* block; /* nested; */ still; */", "\r\n", "--;\n"});
        }
        return out + pick({"\n", " "});
    }

    // A boolean expression that is true and holds something the splitter must skip.
    std::string condition() {
        return pick({
            "'a;b' <> ''",
            "'it''s; -- not /* a comment' <> ''",
            "'C:\\' <> ''",
            "E'\\';\\\\' <> ''",
            "e'x''y;' <> ''",
            "$$;'\"--$$ <> ''",
            "$fn$ $$; $f$ ; $fn$ <> ''",
            "$_1$;$_1$ <> ''",
            "U&'\\0041;' <> ''",
            "B'10' <> B'01'",
            "(SELECT 1 AS \"q;\"\"x\") = 1",
            "(SELECT 1 AS a$$b) = 1",
            "(SELECT 1 AS c$d$) = 1",
            "(1 = 1)",
            "((2) > (1))",
            "1 /* c; /* d; */ e; */ = 1",
            "1 = 1 -- ; ' \" $$\n",
            "1 +/* ; */ 1 = 2",
            "1 = 1::int",
            "1e2 = 100",
            "N'n;' <> ''",
        });
    }

    std::string statement(int index, std::vector<std::string>& printed) {
        const std::string n = std::to_string(index);
        switch (number(0, 5)) {
            case 0: {
                // An SQL-standard function body: `;` inside BEGIN ATOMIC ... END.
                return "CREATE FUNCTION pg_temp.f" + n +
                       "() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE "
                       "WHEN " +
                       condition() + " THEN " + n + " END;\nEND;";
            }
            case 1:
                return "DO $do$ BEGIN PERFORM " + n + "; PERFORM $x$;$x$; END $do$;";
            default: {
                printed.push_back(n);
                std::string out = "SELECT " + n + " AS n WHERE true";
                for (int i = number(1, 3); i > 0; --i) {
                    out += pick({" AND ", "\nAND ", " AND\n  "}) + condition();
                }
                return out + pick({";", "\n;", " ;"});
            }
        }
    }

    std::mt19937 m_random;
};

}  // namespace mig::test
