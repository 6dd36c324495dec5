import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbePostgres

extension ReportCommand {
    /// `gewerbe report uebermittlung`: what went to whom, when; what is outstanding or rejected.
    struct Uebermittlungen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uebermittlung",
            abstract: "XGewO-Nachrichten je Gemeinde, Monat und Empfänger: gesendet, ausstehend, abgewiesen, geparkt.",
            discussion: """
                Zeitraum: der Tag, an dem die Nachricht geplant wurde (mit der Empfangsbescheinigung oder der
                Berichtigung; Europe/Berlin). Die zweite Tabelle nennt jede noch nicht gesendete Nachricht,
                abgewiesene zuerst, mit Grund. Exit-Status 1, wenn eine Nachricht abgewiesen oder geparkt ist.
                """)
        @OptionGroup var optionen: Optionen

        func run() async throws {
            let bericht = try await optionen.ausfuehren("uebermittlung", einheit: "Nachrichten") {
                berichte, umfang, _ in
                let ergebnis = try await berichte.uebermittlung(umfang)
                let (angaben, json) = ReportCommand.angaben(umfang)
                let bericht = Bericht(
                    name: "uebermittlung", titel: "Übermittlung (XGewerbeordnung)", angaben: angaben,
                    angabenJSON: json,
                    tabellen: [
                        Berichtstabelle(
                            name: "versand", titel: "Nachrichten je Gemeinde, Monat und Empfänger",
                            spalten: [
                                "ags", "monat", "empfaenger", "nachrichtentyp", "gesendet", "ausstehend", "abgewiesen",
                                "geparkt", "entfallen", "zuletzt_gesendet",
                            ],
                            zeilen: ergebnis.versand.map {
                                [
                                    .text($0.ags), .text($0.monat), .text($0.empfaenger), .text($0.nachrichtentyp),
                                    .zahl($0.gesendet), .zahl($0.ausstehend), .zahl($0.abgewiesen), .zahl($0.geparkt),
                                    .zahl($0.entfallen), .zeit($0.zuletztGesendet),
                                ]
                            }),
                        Berichtstabelle(
                            name: "offen", titel: "Nicht gesendete Nachrichten (gewerbe transmissions retry)",
                            spalten: [
                                "ags", "aktenzeichen", "nachricht", "nachrichtentyp", "status", "seit", "versuche",
                                "grund",
                            ],
                            zeilen: ergebnis.offen.map {
                                [
                                    .text($0.ags), .text($0.aktenzeichen), .text($0.nachricht.lowercased),
                                    .text($0.nachrichtentyp), .text($0.status), .zeit($0.seit), .zahl($0.versuche),
                                    .optional($0.grund),
                                ]
                            }),
                    ])
                return (bericht, ergebnis.versand.count + ergebnis.offen.count)
            }
            let auffaellig =
                bericht.tabellen.last?.zeilen.contains { zeile in
                    if case .text(let status) = zeile[4] { return status == "abgewiesen" || status == "geparkt" }
                    return false
                } ?? false
            if auffaellig { throw ExitCode(1) }
        }
    }
}
