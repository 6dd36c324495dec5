import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeXGewO

/// `gewerbe bench ...`: micro-benchmarks of the CPU work inside one request, for
/// docs/performance.md (the end-to-end benchmarks are in `Benchmarks/`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Mikro-Benchmarks der Rechenarbeit einer Anfrage (Lesen, Prüfen, Schreiben einer Anzeige).",
        shouldDisplay: false,
        subcommands: [Pruefen.self, Nachrichten.self])

    /// The example Anzeigen of `docs/examples/` (or the given files).
    static func beispiele(_ dateien: [String]) throws -> [Data] {
        let pfade =
            dateien.isEmpty
            ? ((try? FileManager.default.contentsOfDirectory(atPath: "docs/examples")) ?? []).filter {
                $0.hasSuffix(".json")
            }.sorted().map { "docs/examples/\($0)" } : dateien
        let daten = try pfade.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        guard !daten.isEmpty else { throw ValidationError("Keine Anzeige-Dateien gefunden.") }
        return daten
    }

    static func sekunden(_ dauer: Duration) -> Double {
        Double(dauer.components.seconds) + Double(dauer.components.attoseconds) / 1e18
    }

    /// `gewerbe bench nachrichten`: XGewO messages written and schema-checked per second, against
    /// `xmllint --schema` over the same messages in the same run.
    struct Nachrichten: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Misst XGewO-Nachrichten pro Sekunde: schreiben (mit Profil), prüfen (Schema, in-process), zusammen; Vergleich: xmllint."
        )

        @Argument(help: "Anzeige-Dateien (Standard: docs/examples/*.json).")
        var dateien: [String] = []

        @Option(help: "Wiederholungen.")
        var runden = 200

        func run() async throws {
            let anzeigen = try BenchCommand.beispiele(dateien).map { try Anzeige.lesen(json: $0) }
            let autor = Kommunikationspartner.gewerbeamt(ags: "06636016", name: "Stadt Witzenhausen, Gewerbeamt")
            let auftraege = anzeigen.flatMap { anzeige in
                Uebermittlung.plan(Uebermittlungslage(anzeige: anzeige, anhaltspunkteZoll: "Anhaltspunkte")).nachrichten
                    .map { nachricht in
                        Nachrichtenauftrag(
                            nachricht: nachricht, nachrichtenUUID: UUID(), satzUUID: UUID(), erstellt: Date(),
                            autor: autor, leser: Kommunikationspartner(praefix: "xga", kennung: "1", name: "Stelle"),
                            anzeige: anzeige, betriebId: UUID(), aktenzeichen: "GEW-1")
                    }
            }
            let schemata = Schemaverzeichnis.eingebettet
            let version = Namensraum.version
            let texte = auftraege.map(Gewerbemeldung.xml)
            _ = schemata.pruefe(texte[0], version: version, nachrichtentyp: auftraege[0].nachricht.nachrichtentyp)
            let anzahl = runden * auftraege.count
            print("\(anzeigen.count) Anzeigen, \(auftraege.count) Nachrichten × \(runden) Runden")
            func messen(_ name: String, _ arbeit: () -> Int) -> Double {
                let start = ContinuousClock.now
                var summe = 0
                for _ in 0..<runden { summe &+= arbeit() }
                let je = Double(anzahl) / BenchCommand.sekunden(ContinuousClock.now - start)
                print(
                    "\(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%9.0f", je)) Nachrichten/s  \(String(format: "%7.1f", 1e6 / je)) µs je Nachricht  (Prüfsumme \(summe % 1000))"
                )
                return je
            }
            _ = messen("schreiben (mit Profil)") { auftraege.reduce(0) { $0 + Gewerbemeldung.xml($1).utf8.count } }
            _ = messen("prüfen (Schema, libxml2)") {
                zip(auftraege, texte).reduce(0) {
                    $0 + schemata.pruefe($1.1, version: version, nachrichtentyp: $1.0.nachricht.nachrichtentyp).count
                }
            }
            let zusammen = messen("zusammen") {
                auftraege.reduce(0) {
                    $0
                        + schemata.pruefe(
                            Gewerbemeldung.xml($1), version: version, nachrichtentyp: $1.nachricht.nachrichtentyp
                        ).count
                }
            }
            // Baseline: xmllint over the same messages, one process, schema compiled once.
            let ordner = FileManager.default.temporaryDirectory.appending(path: "bench-xgewo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: ordner) }
            var pfade: [String] = []
            for (index, text) in texte.enumerated() {
                let datei = ordner.appending(path: "\(index).xml")
                try Data(text.utf8).write(to: datei)
                pfade.append(datei.path)
            }
            let schema = "schemas/xgewo/1.6-vorlaeufig/gewerbemeldung.xsd"
            guard FileManager.default.fileExists(atPath: schema) else {
                print("xmllint: \(schema) fehlt (im Repository starten); kein Vergleich")
                return
            }
            let wiederholt = (0..<max(1, runden / 10)).flatMap { _ in pfade }
            let prozess = Process()
            prozess.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            prozess.arguments = ["--noout", "--nonet", "--schema", schema] + wiederholt
            prozess.standardError = FileHandle.nullDevice
            let start = ContinuousClock.now
            try prozess.run()
            prozess.waitUntilExit()
            let xmllint = Double(wiederholt.count) / BenchCommand.sekunden(ContinuousClock.now - start)
            print(
                "\("xmllint --schema (Vergleich)".padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%9.0f", xmllint)) Nachrichten/s  (Status \(prozess.terminationStatus), \(wiederholt.count) Dateien)"
            )
            print("Verhältnis zusammen / xmllint: \(String(format: "%.2f", zusammen / xmllint))")
        }
    }

    struct Pruefen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Misst Anzeigen pro Sekunde für: JSON lesen (streng), alle Regeln prüfen, kanonisches JSON schreiben.")

        @Argument(help: "Anzeige-Dateien (Standard: docs/examples/*.json).")
        var dateien: [String] = []

        @Option(help: "Wiederholungen je Datei.")
        var runden = 2000

        func run() async throws {
            let daten = try BenchCommand.beispiele(dateien)
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
