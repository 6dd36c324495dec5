import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// Rows for employees and the Betrieb (GEW-BES-*, GEW-BTR-*).
enum RegelfaelleBetrieb {
    static let faelle: [Regelfall] = [
        feuert("GEW-BES-001", .fehler, "beschaeftigte.keine", feld: 22, "„keine“ und 2 Vollzeitkräfte") {
            $0.beschaeftigte = Beschaeftigte(vollzeit: 2, keine: true)
        },
        still("GEW-BES-001", "„keine“ und Vollzeit 0") { $0.beschaeftigte = Beschaeftigte(vollzeit: 0, keine: true) },

        feuert("GEW-BES-002", .fehler, "beschaeftigte.vollzeit", feld: 22, "Vollzeit -1") {
            $0.beschaeftigte = Beschaeftigte(vollzeit: -1)
        },
        feuert("GEW-BES-002", .fehler, "beschaeftigte.teilzeit", feld: 22, "Teilzeit -3", basis: .abmeldung) {
            $0.beschaeftigte = Beschaeftigte(vollzeit: 1, teilzeit: -3)
        },
        still("GEW-BES-002", "Teilzeit 0") { $0.beschaeftigte = Beschaeftigte(teilzeit: 0) },

        feuert("GEW-BES-003", .hinweis, "beschaeftigte", feld: 22, "5000 tätige Personen", basis: .gmbh) {
            $0.beschaeftigte = Beschaeftigte(vollzeit: 4000, teilzeit: 1000)
        },
        feuert(
            "GEW-BES-003", .hinweis, "beschaeftigte", feld: 22, "Zahlen, deren Summe überläuft (kein Absturz)",
            basis: .gmbh
        ) {
            $0.beschaeftigte = Beschaeftigte(vollzeit: Int.max, teilzeit: 1)
        },
        still("GEW-BES-003", "4999 tätige Personen", basis: .gmbh) { $0.beschaeftigte = Beschaeftigte(vollzeit: 4999) },

        feuert("GEW-BES-004", .hinweis, "beschaeftigte.vollzeit", feld: 22, "Nebenerwerb mit einer Vollzeitkraft") {
            $0.nebenerwerb = true
            $0.beschaeftigte = Beschaeftigte(vollzeit: 1)
        },
        still("GEW-BES-004", "Haupterwerb mit einer Vollzeitkraft") { $0.beschaeftigte = Beschaeftigte(vollzeit: 1) },
        still("GEW-BES-004", "Nebenerwerb mit einer Voll- und einer Teilzeitkraft") {
            $0.nebenerwerb = true
            $0.beschaeftigte = Beschaeftigte(vollzeit: 1, teilzeit: 1)
        },

        feuert("GEW-BTR-001", .fehler, "reisegewerbe", feld: 24, "Hauptniederlassung und Reisegewerbe") {
            $0.reisegewerbe = true
        },
        still("GEW-BTR-001", "Hauptniederlassung, Reisegewerbe „nein“") { $0.reisegewerbe = false },

        feuert(
            "GEW-BTR-002", .fehler, "hauptniederlassung.anschrift", feld: 16,
            "Hauptniederlassung = Betriebsstätte (andere Schreibweise)"
        ) {
            $0.betriebsstaette = Standort(anschrift: anschrift("Bahnhofstraße", "4", "36205", "Sontra"))
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.hauptniederlassung = Standort(anschrift: anschrift("Bahnhofstr.", "4", "36205", "SONTRA"))
        },
        still("GEW-BTR-002", "Hauptniederlassung im selben Ort, andere Hausnummer") {
            $0.betriebsstaette = Standort(anschrift: anschrift("Bahnhofstraße", "4", "36205", "Sontra"))
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.hauptniederlassung = Standort(anschrift: anschrift("Bahnhofstraße", "14", "36205", "Sontra"))
        },

        feuert(
            "GEW-BTR-003", .hinweis, "hauptniederlassung", feld: 16,
            "Hauptniederlassung ausgefüllt, obwohl selbst Hauptniederlassung"
        ) {
            $0.hauptniederlassung = hauptniederlassungKassel
        },
        still("GEW-BTR-003", "Feld 16 bei Zweigniederlassung") {
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.hauptniederlassung = hauptniederlassungKassel
        },

        feuert("GEW-BTR-004", .fehler, "gemeindeschluessel", feld: nil, "Betriebsstätte in Eschwege (andere Behörde)") {
            $0.gemeindeschluessel = Beispielanzeigen.fremdeGemeinde.ags
        },
        still(
            "GEW-BTR-004", "Zuständigkeit nicht geprüft (gewerbe validate ohne --kommune)",
            kontext: Pruefkontext(heute: Beispielanzeigen.heute)
        ) {
            $0.gemeindeschluessel = Beispielanzeigen.fremdeGemeinde.ags
        },
        still("GEW-BTR-004", "ungültige AGS (Sache von GEW-FMT-001)") { $0.gemeindeschluessel = "0663601" },

        feuert("GEW-BTR-005", .fehler, "datumAufgabe", feld: nil, "Anmeldung mit Datum der Aufgabe") {
            $0.datumAufgabe = datum("2027-12-31")
        },
        feuert("GEW-BTR-005", .fehler, "beginn", feld: nil, "Ummeldung mit Beginn", basis: .ummeldung) {
            $0.beginn = datum("2021-04-01")
        },
        feuert("GEW-BTR-005", .fehler, "handwerkskarte", feld: nil, "Abmeldung mit Handwerkskarte", basis: .abmeldung) {
            $0.handwerkskarte = Nachweis(liegtVor: true)
        },
        feuert("GEW-BTR-005", .fehler, "herkunft", feld: nil, "Ummeldung mit Herkunft", basis: .ummeldung) {
            $0.herkunft = Herkunft(gemeindeschluessel: Beispielanzeigen.sontra.ags)
        },
        still("GEW-BTR-005", "Anmeldung mit vonAmtsWegen „nein“") { $0.vonAmtsWegen = false },

        feuert("GEW-BTR-006", .hinweis, "betriebsart.handel", feld: 21, "Einzelhandel ohne „Handel“", basis: .abmeldung)
        {
            $0.betriebsart = Betriebsart(sonstiges: true)
        },
        feuert("GEW-BTR-006", .hinweis, "betriebsart", feld: 21, "Herstellung (Abschnitt C) nur als Handel") {
            $0.taetigkeiten = [taetigkeit("Herstellung von Haushaltsartikeln aus Metall", wz: "25.99.1")]
            $0.betriebsart = Betriebsart(handel: true)
        },
        still("GEW-BTR-006", "Herstellung als Industrie") {
            $0.taetigkeiten = [taetigkeit("Herstellung von Haushaltsartikeln aus Metall", wz: "25.99.1")]
            $0.betriebsart = Betriebsart(industrie: true)
        },
        still("GEW-BTR-006", "GewA 2 hat kein Feld 21", basis: .ummeldung) {
            $0.betriebsart = Betriebsart(sonstiges: true)
        },
        still("GEW-BTR-006", "Kfz-Werkstatt (WZ 2008 45.20, Abschnitt G) ist kein Handel", basis: .handwerk) {
            $0.taetigkeiten = [taetigkeit("Reparatur von Pkw", wz: "45.20.3")]
        },

        feuert(
            "GEW-BTR-007", .fehler, "fruehereBetriebsstaette.anschrift", feld: 17, "Verlegung an dieselbe Anschrift",
            basis: .ummeldung
        ) {
            $0.fruehereBetriebsstaette = Standort(anschrift: anschrift("Marktplatz", "1", "37284", "Waldkappel"))
        },
        still("GEW-BTR-007", "Verlegung in ein anderes Haus", basis: .ummeldung),

        feuert(
            "GEW-BTR-008", .fehler, "kuenftigeBetriebsstaette.anschrift", feld: 17,
            "Fortzug ohne künftige Betriebsstätte", basis: .abmeldung
        ) {
            $0.grundAbmeldung = .verlegungInAnderenMeldebezirk
        },
        still("GEW-BTR-008", "Fortzug mit künftiger Betriebsstätte", basis: .abmeldung) {
            $0.grundAbmeldung = .verlegungInAnderenMeldebezirk
            $0.kuenftigeBetriebsstaette = Standort(anschrift: anschrift("Marktplatz", "2", "37269", "Eschwege"))
        },

        feuert(
            "GEW-BTR-009", .fehler, "herkunft.gemeindeschluessel", feld: 17, "Verlegung ohne bisherige Gemeinde",
            basis: .verlegung
        ) {
            $0.herkunft = nil
        },
        feuert(
            "GEW-BTR-009", .fehler, "herkunft.gemeindeschluessel", feld: 17, "„Verlegung“ innerhalb derselben Gemeinde",
            basis: .verlegung
        ) {
            $0.herkunft?.gemeindeschluessel = Beispielanzeigen.witzenhausen.ags
        },
        still("GEW-BTR-009", "Zuzug aus einer Gemeinde außerhalb des Verbunds", basis: .verlegung) {
            $0.herkunft = Herkunft(gemeindeschluessel: Beispielanzeigen.fremdeGemeinde.ags)
        },

        feuert(
            "GEW-BTR-010", .fehler, "inhaber.rechtsform", feld: 1, "Ummeldung ändert die Rechtsform", basis: .ummeldung,
            kontext: kontextBlumenladen()
        ) {
            $0.inhaber = Inhaber(
                name: "Blumen Hartmann e.K.", rechtsform: "170",
                register: Registereintrag(art: .hra, gericht: "Amtsgericht Eschwege", nummer: "1300"))
        },
        still(
            "GEW-BTR-010", "Ummeldung mit unveränderter Rechtsform", basis: .ummeldung, kontext: kontextBlumenladen()),
        still("GEW-BTR-010", "Betrieb nicht nachgeschlagen", basis: .ummeldung) { $0.inhaber?.rechtsform = "170" },

        feuert(
            "GEW-BTR-011", .fehler, "betriebsstaette.anschrift", feld: 15, "„Verlegung“ ohne neue Anschrift",
            basis: .ummeldung,
            kontext: kontextBlumenladen()
        ) {
            $0.betriebsstaette = Standort(anschrift: anschrift("Leipziger Str.", "5", "37284", "Waldkappel"))
        },
        feuert(
            "GEW-BTR-011", .fehler, "taetigkeiten", feld: 18, "„Ausdehnung“ ohne neue Tätigkeit", basis: .ummeldung,
            kontext: kontextBlumenladen()
        ) {
            $0.gruendeUmmeldung = [.ausdehnungDerTaetigkeit]
            $0.fruehereBetriebsstaette = nil
            $0.betriebsstaette = nil
            $0.taetigkeiten = [
                taetigkeit("Einzelhandel mit Schnittblumen und Topfpflanzen", wz: "47.76.1", status: .neu)
            ]
        },
        feuert(
            "GEW-BTR-011", .fehler, "inhaber.name", feld: 1, "„Namensänderung“ ohne neuen Namen", basis: .ummeldung,
            kontext: kontextBlumenladen()
        ) {
            $0.gruendeUmmeldung = [.namensaenderung]
            $0.fruehereBetriebsstaette = nil
            $0.betriebsstaette = nil
            $0.taetigkeiten = nil
        },
        still("GEW-BTR-011", "Ummeldung mit Änderungen", basis: .ummeldung, kontext: kontextBlumenladen()),
        still("GEW-BTR-011", "Namensänderung nach Heirat", basis: .ummeldung, kontext: kontextBlumenladen()) {
            $0.gruendeUmmeldung = [.namensaenderung]
            $0.fruehereBetriebsstaette = nil
            $0.betriebsstaette = Beispielanzeigen.blumenladenAnmeldung.betriebsstaette
            $0.taetigkeiten = [
                taetigkeit("Einzelhandel mit Schnittblumen und Topfpflanzen", wz: "47.76.1", status: .weiterhin)
            ]
            $0.person { $0.familienname = "Hartmann-Roth" }
        },

        feuert("GEW-BTR-012", .fehler, "taetigkeiten", feld: 18, "Ausdehnung ohne neue Tätigkeit", basis: .ummeldung) {
            $0.taetigkeiten?[1].status = .weiterhin
        },
        feuert("GEW-BTR-012", .fehler, "taetigkeiten", feld: 18, "Wechsel der Tätigkeit ohne Status", basis: .ummeldung)
        {
            $0.gruendeUmmeldung = [.wechselDerTaetigkeit]
            $0.taetigkeiten?[0].status = nil
            $0.taetigkeiten?[1].status = nil
        },
        still("GEW-BTR-012", "nur Verlegung: Tätigkeiten weiterhin", basis: .ummeldung) {
            $0.gruendeUmmeldung = [.verlegungInnerhalb]
            $0.taetigkeiten = [
                taetigkeit("Einzelhandel mit Schnittblumen und Topfpflanzen", wz: "47.76.1", status: .weiterhin)
            ]
        },

        feuert("GEW-BTR-013", .hinweis, "taetigkeiten[0]", feld: 18, "Steuerberatung (§ 6 Abs. 1 GewO)") {
            $0.taetigkeiten = [taetigkeit("Steuerberatung für Privatpersonen", wz: "69.20.3")]
        },
        feuert("GEW-BTR-013", .hinweis, "taetigkeiten[0]", feld: 18, "Heilpraktikerpraxis nach Stichwort") {
            $0.taetigkeiten = [taetigkeit("Heilpraktikerpraxis für Naturheilkunde", wz: nil)]
        },
        feuert(
            "GEW-BTR-013", .hinweis, "taetigkeiten[1]", feld: 18, "Schwerpunkt Ackerbau (Urproduktion)", basis: .gmbh
        ) {
            $0.taetigkeiten?[0].schwerpunkt = false
            $0.taetigkeiten?[1] = taetigkeit("Anbau von Getreide", wz: "01.11.0")
        },
        feuert("GEW-BTR-013", .hinweis, "taetigkeiten[0]", feld: 18, "Inkassobüro (§ 10 RDG)") {
            $0.taetigkeiten = [taetigkeit("Inkasso für Handwerksbetriebe", wz: "82.91.1")]
        },
        still("GEW-BTR-013", "Buchführungsbüro ist ein Gewerbe") {
            $0.taetigkeiten = [taetigkeit("Buchführung für kleine Betriebe", wz: "69.20.4")]
        },
        still("GEW-BTR-013", "Hofladen mit zugekauften Waren ist Handel") {
            $0.taetigkeiten = [taetigkeit("Einzelhandel mit Obst und Gemüse (Hofladen)", wz: "47.21.0")]
        },
        still("GEW-BTR-013", "Landwirtschaftliche Lohnarbeiten (01.61.0) sind ein Gewerbe") {
            $0.taetigkeiten = [taetigkeit("Lohnunternehmen: Mähdrusch und Bodenbearbeitung", wz: "01.61.0")]
        },

        feuert("GEW-BTR-014", .fehler, "betriebsstaette.anschrift.staat", feld: 15, "Betriebsstätte in Österreich") {
            $0.betriebsstaette = Standort(anschrift: anschrift("Hauptplatz", "1", "8010", "Graz", staat: "AT"))
        },
        still("GEW-BTR-014", "Zweigniederlassung mit Hauptniederlassung im Ausland") {
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.hauptniederlassung = Standort(anschrift: anschrift("Hauptplatz", "1", "8010", "Graz", staat: "AT"))
        },
        still("GEW-BTR-014", "Staat „DE“ ausdrücklich angegeben") { $0.betriebsstaette?.anschrift?.staat = "DE" },
    ]
}
