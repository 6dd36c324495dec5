import Foundation
import GewerbeDomain
import GewerbeTestSupport
import PostgresNIO
import Testing

@testable import GewerbePostgres

/// The reports' database side: the transaction they read in cannot write, and the figures of
/// the known scenario.
@Suite("PostgresBerichte")
struct BerichteTests {
    @Test func lesetransaktionKannNichtSchreiben() async throws {
        try await TestPostgres.withDatabase { database in
            try await Berichtsszenario.spielePostgres(database)
            let scope = try TenantScope(kommunen: Berichtsszenario.kommunen)
            let (rolle, nurLesen, faelle) = try await database.transaktion(.bericht(scope), versuche: 1) { connection in
                (
                    try await connection.scalar("SELECT current_user::text", as: String.self),
                    try await connection.scalar("SELECT current_setting('transaction_read_only')", as: String.self),
                    try await connection.scalar("SELECT count(*)::int FROM faelle", as: Int.self)
                )
            }
            #expect(rolle == "gewerbe_report")
            #expect(nurLesen == "on")
            #expect(faelle == 12)
            // Not even the audit append, which the role may do elsewhere.
            let fehler = await #expect(throws: PSQLError.self) {
                try await database.transaktion(.bericht(scope), versuche: 1) { connection in
                    try await connection.run(
                        "INSERT INTO audit_events (ags, actor_label, action) VALUES ('06636011', 'x', 'x.y')")
                }
            }
            #expect(fehler.flatMap { PostgresErrors.sqlState(of: $0) } == "25006")
            // Row-level security: a scope of one municipality sees only its cases.
            let sontra = try await database.transaktion(
                .bericht(try TenantScope(ags: Berichtsszenario.sontra)), versuche: 1
            ) {
                try await $0.scalar("SELECT count(*)::int FROM faelle", as: Int.self)
            }
            #expect(sontra == 9)
        }
    }

    @Test func zahlenDesSzenarios() async throws {
        try await TestPostgres.withDatabase { database in
            try await Berichtsszenario.spielePostgres(database)
            let berichte = PostgresBerichte(database: database, logger: TestPostgres.logger)
            let umfang = try Berichtsumfang(kommunen: Berichtsszenario.kommunen, zeitraum: .alles)
            let volumen = try await berichte.volumen(umfang)
            #expect(volumen.reduce(0) { $0 + $1.anzahl } == 12)
            #expect(volumen.reduce(0) { $0 + $1.zurueckgenommen } == 2)
            let dauern = try await berichte.dauern(umfang, stichtag: Berichtsszenario.stichtag)
            #expect(dauern.zusammenfassung.reduce(0) { $0 + $1.anzahl } == 10)
            #expect(dauern.ueberfaellig.map(\.aktenzeichen) == ["06636011-2026-00002", "06636011-2026-00009"])
            // Before A7's due day (30.11.) it is open but not overdue.
            let frueher = try await berichte.dauern(umfang, stichtag: Datum(jahr: 2026, monat: 11, tag: 30)!)
            #expect(frueher.ueberfaellig.map(\.aktenzeichen) == ["06636011-2026-00002"])
            let ablage = try await berichte.ablage(umfang)
            // Nothing filed in this variant: every case waits.
            #expect(ablage.nichtAbgelegt.count == 12)
            #expect(ablage.geparkt.isEmpty && ablage.hashabweichungen.isEmpty && ablage.dokumenteGeprueft == 0)
            let auskuenfte = try await berichte.auskuenfte(
                try Berichtsumfang(
                    kommunen: [Berichtsszenario.sontra],
                    zeitraum: Berichtszeitraum(von: Datum(jahr: 2026, monat: 11, tag: 27)!, bis: nil)))
            #expect(auskuenfte.map(\.art) == ["erweitert"])
        }
    }
}
