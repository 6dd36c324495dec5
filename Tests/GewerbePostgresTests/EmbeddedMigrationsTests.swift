import Foundation
import GewerbePostgres
import Testing

@Suite("Embedded migrations")
struct EmbeddedMigrationsTests {
    /// `<package>/sql/migrations`, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sql/migrations")

    @Test func embeddedCopyEqualsTheFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        let files = try names.map { name in
            try Migration(
                fileName: name, sql: String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8))
        }
        let hint = "sql/migrations and the embedded migrations differ: check the Einbetten plugin"
        #expect(files.map(\.fileName) == EmbeddedMigrations.all.map(\.fileName), Comment(rawValue: hint))
        for (file, embedded) in zip(files, EmbeddedMigrations.all) {
            #expect(file.checksum == embedded.checksum, Comment(rawValue: "\(file.fileName): \(hint)"))
        }
    }

    @Test func versionsAreConsecutiveFromOne() {
        #expect(EmbeddedMigrations.all.map(\.version) == Array(1...EmbeddedMigrations.all.count))
    }

    @Test(arguments: ["0001_roles.sql", "0012_a_b.sql"])
    func parsesFileNames(_ name: String) throws {
        let migration = try Migration(fileName: name, sql: "")
        #expect(migration.fileName == name)
    }

    @Test(arguments: ["1_roles.sql", "0001roles.sql", "0001_.sql", "0001_roles.txt", "abcd_roles.sql"])
    func rejectsOtherFileNames(_ name: String) {
        #expect(throws: MigrationError.invalidFileName(name)) { try Migration(fileName: name, sql: "") }
    }
}
