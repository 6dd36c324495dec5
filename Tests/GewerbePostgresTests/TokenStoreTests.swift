import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// `authenticate` as a plain value (the `#expect` macro cannot compare a `Result` it awaits).
private func outcome(_ store: TokenStore, _ secret: String) async throws -> Result<Akteur, TokenRejection> {
    try await store.authenticate(secret: secret)
}

@Suite("API tokens")
struct TokenStoreTests {
    @Test func createdTokenAuthenticatesWithItsRoleAndMunicipalities() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let clock = FakeClock()
            let store = TokenStore(database: database, now: { clock.now })
            let created = try await store.create(
                label: "Frau Schmidt", role: .sachbearbeitung, kommunen: [agsB, agsA], actor: .cli(benutzer: "ops"))
            #expect(created.secret.hasPrefix("gwt_"))
            #expect(created.secret.count == 44)
            #expect(TokenStore.isWellFormed(created.secret))
            #expect(created.token.kommunen == [agsA, agsB])

            let akteur = try await store.authenticate(secret: created.secret).get()
            #expect(akteur.tokenId == created.token.id)
            #expect(akteur.rolle == .sachbearbeitung)
            #expect(akteur.kommunen == [agsA, agsB])
            #expect(Auditakteur(akteur).bezeichnung == "Frau Schmidt")

            let listed = try await store.list()
            #expect(listed.map(\.id) == [created.token.id])
            #expect(listed.first?.lastUsedAt == clock.now)
        }
    }

    @Test func onlyTheHashIsStored() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let store = TokenStore(database: database)
            let created = try await store.create(label: "civento", role: .intake, kommunen: [agsA], actor: .system)
            let (stored, leaked) = try await database.withConnection { connection in
                (
                    try await connection.scalar("SELECT token_hash::text FROM api_tokens", as: String.self),
                    try await connection.scalar(
                        """
                        SELECT count(*) FROM audit_events
                        WHERE position(\(created.secret) IN audit_canonical_text(audit_events)) > 0
                        """, as: Int.self)
                )
            }
            #expect(stored == TokenStore.hash(secret: created.secret))
            #expect(stored != created.secret)
            #expect(leaked == 0)
        }
    }

    @Test func rejectsMalformedAndUnknownSecrets() async throws {
        try await TestPostgres.withDatabase { database in
            let store = TokenStore(database: database)
            for secret in ["", "Bearer x", "gwt_short", "gwt_" + String(repeating: "ä", count: 40)] {
                let result = try await outcome(store, secret)
                #expect(result == .failure(.malformed))
            }
            let unknown = "gwt_" + String(repeating: "a", count: 40)
            let result = try await outcome(store, unknown)
            #expect(result == .failure(.unknown))
        }
    }

    @Test func revokedTokensAreRejected() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let clock = FakeClock()
            let store = TokenStore(database: database, now: { clock.now })
            let created = try await store.create(label: "Leitung", role: .leitung, kommunen: [agsA], actor: .system)
            clock.advance(by: 10)
            #expect(try await store.revoke(id: created.token.id, actor: .cli(benutzer: "ops")))
            #expect(try await store.revoke(id: created.token.id, actor: .cli(benutzer: "ops")) == false)
            #expect(try await outcome(store, created.secret) == .failure(.revoked(at: clock.now)))
            await #expect(throws: AdministrationError.self) { try await store.revoke(id: UUID(), actor: .system) }
        }
    }

    @Test func tokensExpire() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let clock = FakeClock()
            let store = TokenStore(database: database, now: { clock.now })
            let expiry = clock.now.addingTimeInterval(3600)
            let created = try await store.create(
                label: "Statistik", role: .statistik, kommunen: [agsA], expiresAt: expiry, actor: .system)
            clock.advance(by: 3599)
            #expect(try await store.authenticate(secret: created.secret).get().rolle == .statistik)
            clock.advance(by: 1)
            #expect(try await outcome(store, created.secret) == .failure(.expired(at: expiry)))
            await #expect(throws: AdministrationError.self) {
                try await store.create(
                    label: "x", role: .pruefung, kommunen: [agsA], expiresAt: clock.now, actor: .system)
            }
        }
    }

    @Test func municipalitiesMustExistBeActiveAndStayActive() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let store = TokenStore(database: database)
            let kommunen = KommunenStore(database: database)
            await #expect(throws: AdministrationError.unknownKommune("06636999")) {
                try await store.create(label: "x", role: .pruefung, kommunen: [agsA, "06636999"], actor: .system)
            }
            await #expect(throws: AdministrationError.self) {
                try await store.create(label: "x", role: .pruefung, kommunen: ["123"], actor: .system)
            }
            let both = try await store.create(label: "beide", role: .pruefung, kommunen: [agsA, agsB], actor: .system)
            try await kommunen.deactivate(ags: agsB, actor: .system)
            await #expect(throws: AdministrationError.inactiveKommune(agsB)) {
                try await store.create(label: "x", role: .pruefung, kommunen: [agsB], actor: .system)
            }
            #expect(try await store.authenticate(secret: both.secret).get().kommunen == [agsA])
            try await kommunen.deactivate(ags: agsA, actor: .system)
            #expect(try await outcome(store, both.secret) == .failure(.noActiveKommune))
        }
    }

    @Test func theDatabaseAcceptsOnlyTheFiveRoles() async throws {
        try await TestPostgres.withDatabase { database in
            let error = await #expect(throws: PSQLError.self) {
                try await database.withConnection { connection in
                    try await connection.run(
                        """
                        INSERT INTO api_tokens (id, token_hash, label, role, kommunen, created_at)
                        VALUES (gen_random_uuid(), repeat('a', 64), 'x', 'admin', '{06636001}', now())
                        """)
                }
            }
            #expect(sqlState(error) == "23514")
            #expect(
                Set(Rolle.vergebbar.map(\.rawValue)) == [
                    "sachbearbeitung", "leitung", "statistik", "pruefung", "intake",
                ])
        }
    }

    @Test func administrationIsAudited() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let store = TokenStore(database: database)
            let created = try await store.create(
                label: "Prüfer", role: .pruefung, kommunen: [agsA], actor: .cli(benutzer: "ops"))
            try await store.revoke(id: created.token.id, actor: .cli(benutzer: "ops"))
            let actions = try await database.withConnection { connection in
                try await connection.scalar(
                    """
                    SELECT array_agg(action || ':' || actor_label || ':' || object_id ORDER BY seq)
                    FROM audit_events WHERE ags = \(AGS.global)
                    """, as: [String].self)
            }
            let id = created.token.id.lowercased
            #expect(actions == ["token.create:cli:ops:\(id)", "token.revoke:cli:ops:\(id)"])
        }
    }
}
