import ArgumentParser
import Foundation
import GewerbeDomain

/// `gewerbe bench ...`: micro-benchmarks of the CPU work inside one request, for
/// docs/performance.md (the end-to-end benchmarks are in `Benchmarks/`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Mikro-Benchmarks der Rechenarbeit einer Anfrage (Lesen, Prüfen, Schreiben einer Anzeige).",
        shouldDisplay: false,
        subcommands: [Pruefen.self])

    struct Pruefen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Misst Anzeigen pro Sekunde für: JSON lesen (streng), alle Regeln prüfen, kanonisches JSON schreiben.")

        @Argument(help: "Anzeige-Dateien (Standard: docs/examples/*.json).")
        var dateien: [String] = []

        @Option(help: "Wiederholungen je Datei.")
        var runden = 2000

        func run() async throws {
            let pfade =
                dateien.isEmpty
                ? ((try? FileManager.default.contentsOfDirectory(atPath: "docs/examples")) ?? []).filter {
                    $0.hasSuffix(".json")
                }.sorted().map { "docs/examples/\($0)" } : dateien
            let daten = try pfade.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            guard !daten.isEmpty else { throw ValidationError("Keine Anzeige-Dateien gefunden.") }
            let anzeigen = try daten.map { try Anzeige.lesen(json: $0) }
            let kontext = Pruefkontext(heute: Datum(Date()), zustaendigeGemeinden: nil)
            let runden = self.runden

            func messen(_ name: String, _ arbeit: () throws -> Int) rethrows {
                let start = ContinuousClock.now
                var summe = 0
                for _ in 0..<runden { summe &+= try arbeit() }
                let dauer = ContinuousClock.now - start
                let sekunden = Double(dauer.components.seconds) + Double(dauer.components.attoseconds) / 1e18
                let je = sekunden / Double(runden * daten.count) * 1e6
                print(
                    "\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%9.0f", Double(runden * daten.count) / sekunden)) Anzeigen/s  \(String(format: "%7.1f", je)) µs je Anzeige  (Prüfsumme \(summe % 1000))"
                )
            }
            print("\(daten.count) Anzeigen × \(runden) Runden")
            try messen("lesen (streng)") {
                try daten.reduce(0) { $0 + (try Anzeige.lesen(json: $1)).meldeart.rawValue.count }
            }
            messen("prüfen (alle Regeln)") {
                anzeigen.reduce(0) { $0 + Pruefer.pruefe($1, kontext: kontext).befunde.count }
            }
            messen("kanonisches JSON schreiben") { anzeigen.reduce(0) { $0 + $1.json().count } }
            try messen("zusammen") {
                try daten.reduce(0) { summe, json in
                    let anzeige = try Anzeige.lesen(json: json)
                    return summe + Pruefer.pruefe(anzeige, kontext: kontext).befunde.count + anzeige.json().count
                }
            }
        }
    }
}
