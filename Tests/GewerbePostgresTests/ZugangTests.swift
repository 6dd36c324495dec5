import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Token check and readiness on PostgreSQL")
struct ZugangTests {
    @Test func einTokenWirdZumAkteurSeinerGemeinden() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let uhr = TestUhr(heute: Beispielanzeigen.heute)
            let store = TokenStore(database: database, now: { uhr.jetzt() })
            let pruefer = PostgresTokenPruefer(store: store)
            let erzeugt = try await store.create(
                label: "Online-Dienst", role: .intake, kommunen: [agsB, agsA],
                expiresAt: uhr.jetzt().addingTimeInterval(86_400 * 2), actor: .system)
            let akteur = try await pruefer.akteur(fuerToken: erzeugt.secret)
            #expect(
                akteur
                    == Akteur(
                        tokenId: erzeugt.token.id, bezeichnung: "Online-Dienst", rolle: .intake, kommunen: [agsA, agsB])
            )

            await #expect(throws: ZugangsFehler.fehlt) { _ = try await pruefer.akteur(fuerToken: "") }
            await #expect(throws: ZugangsFehler.unbekannt) { _ = try await pruefer.akteur(fuerToken: "gwt_kaputt") }
            await #expect(throws: ZugangsFehler.unbekannt) {
                _ = try await pruefer.akteur(fuerToken: "gwt_" + String(repeating: "a", count: 40))
            }
            uhr.vorstellen(tage: 3)
            do {
                _ = try await pruefer.akteur(fuerToken: erzeugt.secret)
                Issue.record("abgelaufenes Token angenommen")
            } catch let fehler as ZugangsFehler {
                guard case .abgelaufen = fehler else { throw TestFailure("erwartet abgelaufen, ist \(fehler)") }
            }
            let zweites = try await store.create(label: "SB", role: .sachbearbeitung, kommunen: [agsA], actor: .system)
            try await store.revoke(id: zweites.token.id, actor: .system)
            do {
                _ = try await pruefer.akteur(fuerToken: zweites.secret)
                Issue.record("widerrufenes Token angenommen")
            } catch let fehler as ZugangsFehler {
                guard case .widerrufen = fehler else { throw TestFailure("erwartet widerrufen, ist \(fehler)") }
            }
        }
    }

    @Test func dieRolleSystemWirdNieVergeben() async throws {
        #expect(!Rolle.vergebbar.contains(.system))
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            await #expect(throws: AdministrationError.self) {
                try await TokenStore(database: database).create(
                    label: "x", role: .system, kommunen: [agsA], actor: .cli(benutzer: "ops"))
            }
        }
    }

    @Test func bereitWennDieDatenbankAufDemStandDesProgrammsIst() async throws {
        try await TestPostgres.withDatabase { database in
            let pruefungen = await PostgresBereitschaft(database: database).pruefe()
            #expect(pruefungen.map(\.name) == ["datenbank", "migrationen"])
            let alleOk = pruefungen.allSatisfy { $0.ok }
            #expect(alleOk, "\(pruefungen)")
        }
        try await TestPostgres.withDatabase(.empty) { database in
            let pruefungen = await PostgresBereitschaft(database: database).pruefe()
            #expect(pruefungen.first?.ok == true)
            #expect(pruefungen.last?.ok == false)
            #expect(pruefungen.last?.detail?.contains("0004_faelle_und_betriebe.sql") == true)
        }
    }

    @Test func nichtBereitOhneDatenbank() async throws {
        var konfiguration = try await TestPostgres.serverConfiguration()
        konfiguration.endpoint = .tcp(host: "127.0.0.1", port: try TestPostgres.freePort())
        konfiguration.connectTimeout = .seconds(1)
        let pruefungen = try await TestPostgres.withRunningDatabase(konfiguration) { database in
            await PostgresBereitschaft(database: database, zeitlimit: .seconds(3)).pruefe()
        }
        #expect(pruefungen.map(\.ok) == [false, false])
    }
}
