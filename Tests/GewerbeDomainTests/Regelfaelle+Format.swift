import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// Rows for the format and code-list rules (GEW-FMT-*).
enum RegelfaelleFormat {
    static let faelle: [Regelfall] = [
        feuert("GEW-FMT-001", .fehler, "gemeindeschluessel", feld: nil, "AGS mit 7 Ziffern") {
            $0.gemeindeschluessel = "6636011"
        },
        feuert("GEW-FMT-001", .fehler, "gemeindeschluessel", feld: nil, "AGS mit Land 17") {
            $0.gemeindeschluessel = "17000000"
        },
        feuert(
            "GEW-FMT-001", .fehler, "herkunft.gemeindeschluessel", feld: nil, "bisherige Gemeinde mit Buchstabe",
            basis: .verlegung
        ) {
            $0.herkunft?.gemeindeschluessel = "0663601X"
        },
        still("GEW-FMT-001", "AGS eines anderen Landes ist gültig (Zuständigkeit prüft GEW-BTR-004)") {
            $0.gemeindeschluessel = "16051000"
        },

        feuert("GEW-FMT-002", .fehler, "betriebsstaette.anschrift.plz", feld: 15, "PLZ mit 4 Ziffern") {
            $0.betriebsstaette?.anschrift?.plz = "3620"
        },
        feuert("GEW-FMT-002", .fehler, "personen[0].wohnanschrift.plz", feld: 11, "PLZ 00000") {
            $0.person { $0.wohnanschrift?.plz = "00000" }
        },
        feuert(
            "GEW-FMT-002", .fehler, "fruehereBetriebsstaette.anschrift.plz", feld: 17, "PLZ mit Buchstaben",
            basis: .verlegung
        ) {
            $0.fruehereBetriebsstaette?.anschrift?.plz = "36 205"
        },
        still("GEW-FMT-002", "ausländische PLZ", basis: .gmbh) {
            $0.person(1) { $0.wohnanschrift = anschrift("Rynek", "1", "50-101", "Wrocław", staat: "PL") }
        },

        feuert(
            "GEW-FMT-003", .fehler, "personen[0].staatsangehoerigkeiten[0]", feld: 10,
            "ISO-Code statt Destatis-Schlüssel"
        ) {
            $0.person { $0.staatsangehoerigkeiten = ["DE"] }
        },
        feuert(
            "GEW-FMT-003", .fehler, "personen[0].staatsangehoerigkeiten[1]", feld: 10,
            "zweite Staatsangehörigkeit unbekannt", basis: .verlegung
        ) {
            $0.person { $0.staatsangehoerigkeiten = ["000", "792"] }
        },
        still("GEW-FMT-003", "Türkei 163") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                $0.aufenthaltstitel = Aufenthaltstitel(
                    liegtVor: true, ausgestelltAm: datum("2024-05-02"),
                    ausgestelltVon: "Werra-Meißner-Kreis, Ausländerbehörde",
                    auflage: false)
            }
        },

        feuert("GEW-FMT-004", .fehler, "taetigkeiten[0].wz.code", feld: 18, "WZ-Unterklasse gibt es nicht") {
            $0.taetigkeiten?[0].wz?.code = "95.29.9"
        },
        feuert("GEW-FMT-004", .fehler, "taetigkeiten[0].wz.code", feld: 18, "Klasse statt Unterklasse") {
            $0.taetigkeiten?[0].wz?.code = "95.29"
        },
        feuert(
            "GEW-FMT-004", .fehler, "taetigkeiten[1].wz.code", feld: 18, "WZ-2008-Code als WZ 2025 ausgewiesen",
            basis: .gmbh
        ) {
            // 62.01.9 exists in WZ 2008 only.
            $0.taetigkeiten?[1].wz = WZAngabe(klassifikation: .wz2025, code: "62.01.9")
        },
        still("GEW-FMT-004", "Unterklasse ohne Punkte wie in XGewerbeanzeige") {
            $0.taetigkeiten?[0].wz?.code = "95290"
        },
        still("GEW-FMT-004", "gültige WZ-2025-Unterklasse") {
            $0.taetigkeiten?[0].wz = WZAngabe(klassifikation: .wz2025, code: "95.29.0")
        },

        feuert("GEW-FMT-005", .hinweis, "taetigkeiten[0].wz", feld: 18, "Haupttätigkeit ohne WZ-Schlüssel") {
            $0.taetigkeiten?[0].wz = nil
        },
        feuert(
            "GEW-FMT-005", .hinweis, "taetigkeiten[1].wz", feld: 18,
            "markierter Schwerpunkt ohne WZ, erste Tätigkeit mit", basis: .gmbh
        ) {
            $0.taetigkeiten?[0].schwerpunkt = false
            $0.taetigkeiten?[1].schwerpunkt = true
            $0.taetigkeiten?[1].wz?.code = ""
        },
        still("GEW-FMT-005", "Nebentätigkeit ohne WZ-Schlüssel", basis: .gmbh) { $0.taetigkeiten?[1].wz = nil },

        feuert("GEW-FMT-006", .fehler, "inhaber.register.art", feld: 2, "Registerart fehlt", basis: .gmbh) {
            $0.inhaber?.register?.art = nil
        },
        feuert("GEW-FMT-006", .fehler, "inhaber.register.gericht", feld: 2, "Registergericht fehlt", basis: .gmbh) {
            $0.inhaber?.register?.gericht = nil
        },
        feuert("GEW-FMT-006", .fehler, "inhaber.register.nummer", feld: 2, "Registernummer fehlt", basis: .gmbh) {
            $0.inhaber?.register?.nummer = "  "
        },
        feuert(
            "GEW-FMT-006", .fehler, "inhaber.register.nummer", feld: 2, "Präfix HRA bei Registerart HRB", basis: .gmbh
        ) {
            $0.inhaber?.register?.nummer = "HRA 2417"
        },
        feuert("GEW-FMT-006", .fehler, "inhaber.register.nummer", feld: 2, "Nummer aus Buchstaben", basis: .gmbh) {
            $0.inhaber?.register?.nummer = "zweitausend"
        },
        still("GEW-FMT-006", "Nummer mit Präfix und Zusatzbuchstabe", basis: .gmbh) {
            $0.inhaber?.register?.nummer = "HRB 2417 B"
        },
        still("GEW-FMT-006", "kein Registereintrag (Sache von GEW-RF-001)", basis: .gmbh) {
            $0.inhaber?.register = nil
            $0.inhaber?.inGruendung = true
        },

        feuert("GEW-FMT-007", .hinweis, "inhaber.rechtsform", feld: 1, "Rechtsform-Schlüssel unbekannt (Limited)") {
            $0.inhaber = Inhaber(name: "Weiss Tailoring Ltd.", rechtsform: "Ltd")
        },
        still("GEW-FMT-007", "rechtsfähige Stiftung 611") {
            $0.inhaber = Inhaber(
                name: "Stiftung Werratal", rechtsform: "611",
                register: Registereintrag(
                    art: .stiftungsverzeichnis, gericht: "Regierungspräsidium Kassel", nummer: "113"))
            $0.person { $0.funktion = .gesetzlicherVertreter }
            $0.anzahlVertretungsberechtigte = 1
        },

        feuert("GEW-FMT-008", .fehler, "personen[0].kontakt.email", feld: 11, "E-Mail mit (at)") {
            $0.person { $0.kontakt?.email = "weiss(at)example.org" }
        },
        feuert("GEW-FMT-008", .fehler, "betriebsstaette.kontakt.email", feld: 15, "E-Mail ohne Domain", basis: .gmbh) {
            $0.betriebsstaette?.kontakt?.email = "info@localhost"
        },
        still("GEW-FMT-008", "E-Mail mit Plus und Subdomain") {
            $0.person { $0.kontakt?.email = "j.weiss+gewerbe@mail.example.de" }
        },

        feuert("GEW-FMT-009", .fehler, "personen[0].wohnanschrift.staat", feld: 11, "dreistelliger Ländercode") {
            $0.person { $0.wohnanschrift?.staat = "DEU" }
        },
        feuert("GEW-FMT-009", .fehler, "hauptniederlassung.anschrift.staat", feld: 16, "Ländername statt Code") {
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.hauptniederlassung = Standort(
                anschrift: anschrift("Hauptplatz", "1", "8010", "Graz", staat: "Österreich"))
        },
        still("GEW-FMT-009", "Ländercode klein geschrieben") { $0.person { $0.wohnanschrift?.staat = "de" } },

        feuert("GEW-FMT-010", .fehler, "geschaeftsbezeichnung", feld: 3, "Geschäftsbezeichnung mit 201 Zeichen") {
            $0.geschaeftsbezeichnung = String(repeating: "x", count: 201)
        },
        feuert("GEW-FMT-010", .fehler, "taetigkeiten[0].beschreibung", feld: 18, "Tätigkeit mit 2001 Zeichen") {
            $0.taetigkeiten?[0].beschreibung = String(repeating: "Näharbeiten ", count: 167)
        },
        feuert("GEW-FMT-010", .fehler, "personen[0].kontakt.telefon", feld: 11, "Telefonnummer mit 41 Zeichen") {
            $0.person { $0.kontakt?.telefon = String(repeating: "1", count: 41) }
        },
        still("GEW-FMT-010", "Geschäftsbezeichnung mit genau 200 Zeichen (Umlaute zählen als ein Zeichen)") {
            $0.geschaeftsbezeichnung = String(repeating: "ä", count: 200)
        },

        feuert("GEW-FMT-011", .fehler, "taetigkeiten[0].beschreibung", feld: 18, "„Handel mit Waren aller Art“") {
            $0.taetigkeiten?[0].beschreibung = "Handel mit Waren aller Art"
        },
        feuert(
            "GEW-FMT-011", .fehler, "taetigkeiten[1].beschreibung", feld: 18, "„Dienstleistungen.“ mit Punkt",
            basis: .gmbh
        ) {
            $0.taetigkeiten?[1].beschreibung = " Dienstleistungen. "
        },
        feuert("GEW-FMT-011", .fehler, "taetigkeiten[0].beschreibung", feld: 18, "nur „Onlinehandel“") {
            $0.taetigkeiten?[0].beschreibung = "Onlinehandel"
        },
        feuert("GEW-FMT-011", .fehler, "taetigkeiten[0].beschreibung", feld: 18, "nur „Onlineshop“") {
            $0.taetigkeiten?[0].beschreibung = "Onlineshop"
        },
        still("GEW-FMT-011", "Onlinehandel mit bestimmter Ware") {
            $0.taetigkeiten?[0].beschreibung = "Onlinehandel mit Kinderbekleidung"
        },

        feuert("GEW-FMT-012", .fehler, "taetigkeiten", feld: 18, "zwei Tätigkeiten ohne Schwerpunkt", basis: .gmbh) {
            $0.taetigkeiten?[0].schwerpunkt = nil
        },
        feuert("GEW-FMT-012", .fehler, "taetigkeiten", feld: 18, "zwei Schwerpunkte", basis: .gmbh) {
            $0.taetigkeiten?[1].schwerpunkt = true
        },
        still("GEW-FMT-012", "eine Tätigkeit ohne Kennzeichnung") { $0.taetigkeiten?[0].schwerpunkt = nil },

        feuert("GEW-FMT-013", .fehler, "personen[0].staatsangehoerigkeiten", feld: 10, "deutsch doppelt") {
            $0.person { $0.staatsangehoerigkeiten = ["000", "000"] }
        },
        feuert("GEW-FMT-013", .fehler, "personen[0].staatsangehoerigkeiten", feld: 10, "staatenlos und deutsch") {
            $0.person { $0.staatsangehoerigkeiten = ["997", "000"] }
        },
        still("GEW-FMT-013", "deutsch und türkisch", basis: .verlegung),
    ]
}
