import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Audit trail")
struct AuditTests {
    static let actor = Auditakteur(tokenId: UUID(), bezeichnung: "Frau Schmidt", rolle: "sachbearbeitung")

    /// Appends `count` events to the chain of `ags` in a transaction scoped to it (as the service does).
    static func append(_ database: Database, ags: String, count: Int, action: String = "anzeige.read") async throws {
        for index in 0..<count {
            try await database.withTransaction(tenant: TenantScope(ags: ags)) { connection in
                try await AuditLog.append(
                    AuditEvent(
                        actor: actor, action: action, ags: ags, objectType: "anzeige", objectID: "GA-2026-\(index)",
                        details: ["feld": "name", "index": "\(index)"]),
                    on: connection, logger: database.logger)
            }
        }
    }

    /// Runs SQL as the table owner with the append-only trigger disabled: what a tamperer does.
    static func tamper(_ database: Database, _ statement: PostgresQuery) async throws {
        try await database.withTransaction { connection in
            try await connection.run("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            try await connection.run(statement)
            try await connection.run("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
        }
    }

    static func eventID(_ database: Database, ags: String, seq: Int) async throws -> UUID {
        try await database.withConnection { connection in
            try await connection.scalar(
                "SELECT id FROM audit_events WHERE ags = \(ags) AND seq = \(seq)", as: UUID.self)
        }
    }

    @Test func eachMunicipalityHasItsOwnGapFreeChain() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 3)
            try await Self.append(database, ags: agsB, count: 2)
            let receipt = try await database.withTransaction(tenant: TenantScope(ags: agsA)) { connection in
                try await AuditLog.append(
                    AuditEvent(actor: Self.actor, action: "auskunft.erteilt", ags: agsA), on: connection,
                    logger: database.logger)
            }
            #expect(receipt.seq == 4)
            #expect(receipt.hash.count == 64)
            let chains = try await database.withConnection { connection in
                try await connection.scalar(
                    "SELECT array_agg(ags || '/' || seq ORDER BY ags, seq) FROM audit_events", as: [String].self)
            }
            #expect(chains == ["\(agsA)/1", "\(agsA)/2", "\(agsA)/3", "\(agsA)/4", "\(agsB)/1", "\(agsB)/2"])
            let result = try await AuditVerifier(database: database).verify()
            #expect(result.isIntact)
            #expect(result.eventCount == 6)
            #expect(result.chainCount == 2)
        }
    }

    @Test func theReportRoleCanRecordWhatItRead() async throws {
        try await TestPostgres.withDatabase { database in
            let auditor = Auditakteur(tokenId: UUID(), bezeichnung: "Rechnungsprüfung", rolle: "pruefung")
            try await database.withTransaction(tenant: TenantScope(ags: agsA), role: .report) { connection in
                try await AuditLog.append(
                    AuditEvent(actor: auditor, action: "report.audit_trail", ags: agsA), on: connection,
                    logger: database.logger)
            }
            let result = try await AuditVerifier(database: database).verify()
            #expect(result.isIntact && result.eventCount == 1)
        }
    }

    @Test func theServiceCannotWriteIntoAnotherMunicipalitysChain() async throws {
        try await TestPostgres.withDatabase { database in
            let error = await #expect(throws: PSQLError.self) {
                try await database.withTransaction(tenant: TenantScope(ags: agsA)) { connection in
                    try await AuditLog.append(
                        AuditEvent(actor: Self.actor, action: "anzeige.read", ags: agsB), on: connection,
                        logger: database.logger)
                }
            }
            #expect(sqlState(error) == "42501")
        }
    }

    @Test(arguments: [
        "UPDATE audit_events SET action = 'anzeige.create'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "UPDATE audit_chain_heads SET seq = 0",
    ])
    func theServiceAndReportRolesCannotChangeEvents(_ statement: String) async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 2)
            for role in DatabaseRole.allCases {
                let error = await #expect(throws: PSQLError.self) {
                    try await database.withTransaction(tenant: TenantScope(ags: agsA), role: role) { connection in
                        try await connection.run(PostgresQuery(unsafeSQL: statement))
                    }
                }
                #expect(sqlState(error) == "42501", "\(role) \(statement)")
            }
            #expect(try await AuditVerifier(database: database).verify().isIntact)
        }
    }

    @Test func evenTheOwnerIsStoppedByTheAppendOnlyTrigger() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 1)
            for statement in [
                "UPDATE audit_events SET action = 'x.y'", "DELETE FROM audit_events", "TRUNCATE audit_events",
            ] {
                let error = await #expect(throws: PSQLError.self) {
                    try await database.withConnection { connection in
                        try await connection.run(PostgresQuery(unsafeSQL: statement))
                    }
                }
                #expect(sqlState(error) == "42501", "\(statement)")
            }
        }
    }

    @Test func theInserterCannotChooseSeqTimeOrHash() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 1)
            try await database.withConnection { connection in
                try await connection.run(
                    """
                    INSERT INTO audit_events (ags, seq, occurred_at, actor_label, action, prev_hash, hash)
                    VALUES (\(agsA), 99, '2000-01-01', 'system', 'test.forged', repeat('f', 64), repeat('f', 64))
                    """)
            }
            let (seq, year) = try await database.withConnection { connection in
                (
                    try await connection.scalar(
                        "SELECT seq FROM audit_events WHERE action = 'test.forged'", as: Int.self),
                    try await connection.scalar(
                        "SELECT extract(year FROM occurred_at)::int FROM audit_events WHERE action = 'test.forged'",
                        as: Int.self)
                )
            }
            #expect(seq == 2)
            #expect(year >= 2025)
            #expect(try await AuditVerifier(database: database).verify().isIntact)
        }
    }

    @Test func swiftAndSQLComputeTheSameCanonicalText() async throws {
        try await TestPostgres.withDatabase { database in
            let event = AuditEvent(
                actor: Auditakteur(tokenId: nil, bezeichnung: "Zeile 1\nZeile 2 – Müller", rolle: nil),
                action: "auskunft.erteilt", ags: agsA, objectType: nil, objectID: "GA-2026-000001",
                detailsJSON: #"{"z": [1, 2.50, "ä\"q"], "a": {"b": null}, "leer": ""}"#)
            try await database.withConnection { connection in
                try await AuditLog.append(event, on: connection, logger: database.logger)
            }
            let rows = try await database.withConnection { connection in
                try await connection.query(
                    """
                    SELECT audit_canonical_text(e), seq, (extract(epoch FROM occurred_at) * 1000000)::bigint,
                           details::text, prev_hash::text, hash::text
                    FROM audit_events e
                    """, logger: database.logger
                ).collect()
            }
            let (sqlText, seq, micros, details, prevHash, hash) = try #require(rows.first)
                .decode((String, Int64, Int64, String, String, String).self)
            let swiftText = AuditVerifier.canonicalText(
                ags: agsA, seq: seq, id: event.id, occurredAtMicroseconds: micros, actorTokenID: nil,
                actorLabel: event.actor.bezeichnung, actorRole: nil, action: event.action, objectType: nil,
                objectID: event.objectID, detailsJSON: details, prevHash: prevHash)
            #expect(swiftText == sqlText)
            #expect(AuditVerifier.hash(swiftText) == hash)
            #expect(swiftText.hasPrefix("gewerbe-audit-v1\nags=8:\(agsA)\nseq=1:1\n"))
            #expect(swiftText.contains("actor_role=-\n"))
            #expect(
                swiftText.contains("actor_label=\("Zeile 1\nZeile 2 – Müller".utf8.count):Zeile 1\nZeile 2 – Müller\n"))
            #expect(swiftText.hasSuffix("prev_hash=64:\(AuditVerifier.genesisHash)\n"))
        }
    }

    // MARK: - Tampering

    @Test func anEditedEventIsNamed() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 5)
            try await Self.append(database, ags: agsB, count: 2)
            let id = try await Self.eventID(database, ags: agsA, seq: 3)
            try await Self.tamper(
                database, "UPDATE audit_events SET object_id = 'GA-2026-999' WHERE ags = \(agsA) AND seq = 3")

            let result = try await AuditVerifier(database: database).verify()
            #expect(!result.isIntact)
            let problem = try #require(result.problems.first)
            #expect(result.problems.count == 1)
            #expect(problem.ags == agsA && problem.seq == 3 && problem.id == id)
            guard case .hashMismatch = problem.kind else {
                Issue.record("expected hashMismatch, got \(problem.kind)")
                return
            }
            #expect(problem.description.contains(id.lowercased))
            #expect(problem.description.contains("\(agsA)/3"))
        }
    }

    @Test func anEditedEventWithARecomputedHashIsNamedByItsSuccessor() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 4)
            let successor = try await Self.eventID(database, ags: agsA, seq: 3)
            try await Self.tamper(
                database,
                """
                UPDATE audit_events e SET actor_label = 'jemand anderes' WHERE ags = \(agsA) AND seq = 2;
                """)
            try await Self.tamper(
                database,
                """
                UPDATE audit_events e SET hash = encode(sha256(convert_to(audit_canonical_text(e), 'UTF8')), 'hex')
                WHERE ags = \(agsA) AND seq = 2
                """)
            let problem = try #require(try await AuditVerifier(database: database).verify().problems.first)
            #expect(problem.seq == 3 && problem.id == successor)
            guard case .predecessorMismatch = problem.kind else {
                Issue.record("expected predecessorMismatch, got \(problem.kind)")
                return
            }
            #expect(problem.description.contains("\(agsA)/2 was changed"))
        }
    }

    @Test func aDeletedEventLeavesAGap() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 5)
            let after = try await Self.eventID(database, ags: agsA, seq: 4)
            try await Self.tamper(database, "DELETE FROM audit_events WHERE ags = \(agsA) AND seq = 3")
            let problem = try #require(try await AuditVerifier(database: database).verify().problems.first)
            #expect(problem.ags == agsA && problem.seq == 4 && problem.id == after)
            #expect(problem.kind == .gap(missing: 3...3))
            #expect(problem.description.contains("event 3 is missing"))
        }
    }

    @Test func deletingTheNewestEventsOrTheFirstIsDetected() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.append(database, ags: agsA, count: 4)
            try await Self.append(database, ags: agsB, count: 3)
            try await Self.append(database, ags: agsC, count: 1)
            try await Self.tamper(database, "DELETE FROM audit_events WHERE ags = \(agsA) AND seq >= 3")
            try await Self.tamper(database, "DELETE FROM audit_events WHERE ags = \(agsB) AND seq = 1")
            try await Self.tamper(database, "DELETE FROM audit_events WHERE ags = \(agsC)")
            let problems = try await AuditVerifier(database: database).verify().problems
            #expect(problems.map(\.ags) == [agsA, agsB, agsC])
            #expect(problems[0].kind == .truncated(headSeq: 4, lastSeq: 2))
            #expect(problems[1].kind == .gap(missing: 1...1) && problems[1].seq == 2)
            #expect(problems[2].kind == .truncated(headSeq: 1, lastSeq: 0))
        }
    }

    @Test func concurrentAppendsKeepTheChainValid() async throws {
        try await TestPostgres.withDatabase(maximumConnections: 8) { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        // Tasks 0-5 share one chain, 6 and 7 write to a second one meanwhile.
                        try await Self.append(database, ags: task < 6 ? agsA : agsB, count: 25)
                    }
                }
                try await group.waitForAll()
            }
            let result = try await AuditVerifier(database: database).verify()
            #expect(result.isIntact, "\(result.problems)")
            #expect(result.eventCount == 200)
            let (maxA, maxB) = try await database.withConnection { connection in
                (
                    try await connection.scalar("SELECT max(seq) FROM audit_events WHERE ags = \(agsA)", as: Int.self),
                    try await connection.scalar("SELECT max(seq) FROM audit_events WHERE ags = \(agsB)", as: Int.self)
                )
            }
            #expect(maxA == 150 && maxB == 50)
        }
    }
}
