import GewerbePostgres
import Testing

@Suite("Splitting SQL scripts into statements")
struct SQLScriptTests {
    @Test func splitsOnSemicolonsAndKeepsLines() {
        let script = """
            -- a comment; not a statement
            CREATE TABLE a (x int);

            /* block; comment /* nested; */ still comment; */
            INSERT INTO a VALUES (1);
            SELECT 1
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.map(\.text) == ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)", "SELECT 1"])
        #expect(statements.map(\.line) == [2, 5, 6])
    }

    @Test(arguments: [
        ("SELECT 'a;b', 'it''s;';", ["SELECT 'a;b', 'it''s;'"]),
        (#"SELECT E'back\'slash;';"#, [#"SELECT E'back\'slash;'"#]),
        (#"SELECT "semi;colon" FROM t;"#, [#"SELECT "semi;colon" FROM t"#]),
        ("DO $$ BEGIN PERFORM 1; END $$; SELECT 2;", ["DO $$ BEGIN PERFORM 1; END $$", "SELECT 2"]),
        (
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $x$ $body$ LANGUAGE sql;",
            ["CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $x$ $body$ LANGUAGE sql"]
        ),
        ("SELECT $1::int; SELECT 2", ["SELECT $1::int", "SELECT 2"]),
        ("SELECT a$b FROM t; SELECT 2", ["SELECT a$b FROM t", "SELECT 2"]),
        ("  ;; -- only comments\n ; ", []),
    ])
    func respectsQuotingAndComments(_ example: (String, [String])) {
        #expect(SQLScript.statements(in: example.0).map(\.text) == example.1)
    }

    @Test func everyEmbeddedMigrationSplitsIntoCompleteStatements() {
        for migration in EmbeddedMigrations.all {
            let statements = SQLScript.statements(in: migration.sql)
            #expect(!statements.isEmpty, "\(migration.fileName)")
            for statement in statements {
                // A dollar-quoted body cut in half would leave an odd number of $$.
                let dollars = statement.text.components(separatedBy: "$$").count - 1
                #expect(dollars % 2 == 0, "\(migration.fileName) line \(statement.line)")
            }
        }
    }
}
