import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// Rows for the required-field rules (GEW-PFL-*).
enum RegelfaellePflicht {
    static let faelle: [Regelfall] = [
        feuert("GEW-PFL-001", .fehler, "gemeindeschluessel", feld: nil, "AGS fehlt") { $0.gemeindeschluessel = nil },
        feuert("GEW-PFL-001", .fehler, "gemeindeschluessel", feld: nil, "AGS nur Leerzeichen") {
            $0.gemeindeschluessel = "  "
        },
        still("GEW-PFL-001", "AGS angegeben, aber ungültig (Sache von GEW-FMT-001)") { $0.gemeindeschluessel = "123" },

        feuert("GEW-PFL-002", .fehler, "eingangsdatum", feld: nil, "Eingangsdatum fehlt") { $0.eingangsdatum = nil },
        still("GEW-PFL-002", "Eingangsdatum vor Wochen") { $0.eingangsdatum = datum("2026-10-01") },

        feuert("GEW-PFL-003", .fehler, "personen", feld: 4, "keine Person") { $0.personen = [] },
        feuert("GEW-PFL-003", .fehler, "personen", feld: 4, "GmbH ohne Vertreter", basis: .gmbh) { $0.personen = nil },
        still("GEW-PFL-003", "inländische AG ohne Personenangaben (Kopfhinweis des Vordrucks)", basis: .gmbh) {
            $0.inhaber = Inhaber(
                name: "Nordhessen Software AG", rechtsform: "310",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "2417"))
            $0.personen = nil
            $0.betriebsleiter = betriebsleiterBeispiel
        },

        feuert("GEW-PFL-004", .fehler, "personen[0].familienname", feld: 4, "Familienname fehlt") {
            $0.person { $0.familienname = nil }
        },
        feuert(
            "GEW-PFL-004", .fehler, "personen[1].vornamen", feld: 5, "Vornamen des zweiten Geschäftsführers leer",
            basis: .gmbh
        ) {
            $0.person(1) { $0.vornamen = "" }
        },
        still("GEW-PFL-004", "Namen mit Leerzeichen am Rand") { $0.person { $0.familienname = " Weiß " } },

        feuert("GEW-PFL-005", .fehler, "personen[0].geschlecht", feld: 6, "Geschlecht fehlt") {
            $0.person { $0.geschlecht = nil }
        },
        still("GEW-PFL-005", "Geschlecht „ohne Angabe“ ist eine Angabe") { $0.person { $0.geschlecht = .ohneAngabe } },

        feuert("GEW-PFL-006", .fehler, "personen[0].geburtsdatum", feld: 8, "Geburtsdatum fehlt") {
            $0.person { $0.geburtsdatum = nil }
        },
        still("GEW-PFL-006", "Geburtsdatum beider Geschäftsführer angegeben", basis: .gmbh),

        feuert("GEW-PFL-007", .fehler, "personen[0].geburtsort", feld: 9, "Geburtsort leer") {
            $0.person { $0.geburtsort = " " }
        },
        still("GEW-PFL-007", "Geburtsort ohne Geburtsland") { $0.person { $0.geburtsland = nil } },

        feuert("GEW-PFL-008", .fehler, "personen[0].staatsangehoerigkeiten", feld: 10, "keine Staatsangehörigkeit") {
            $0.person { $0.staatsangehoerigkeiten = [] }
        },
        still("GEW-PFL-008", "„ohne Angabe“ (999) ist eine Angabe") {
            $0.person { $0.staatsangehoerigkeiten = ["999"] }
        },

        feuert("GEW-PFL-009", .fehler, "personen[0].wohnanschrift", feld: 11, "Hausnummer der Wohnanschrift fehlt") {
            $0.person { $0.wohnanschrift?.hausnummer = nil }
        },
        feuert("GEW-PFL-009", .fehler, "personen[0].wohnanschrift", feld: 11, "Wohnanschrift fehlt ganz") {
            $0.person { $0.wohnanschrift = nil }
        },
        still("GEW-PFL-009", "ausländische Wohnanschrift ohne Hausnummer", basis: .gmbh) {
            $0.person(1) { $0.wohnanschrift = anschrift("Rynek", nil, "50-101", "Wrocław", staat: "PL") }
        },

        feuert("GEW-PFL-010", .fehler, "inhaber.rechtsform", feld: 1, "Rechtsform fehlt") { $0.inhaber = nil },
        still("GEW-PFL-010", "unbekannter Rechtsform-Schlüssel ist eine Angabe") {
            $0.inhaber = Inhaber(rechtsform: "999")
        },

        feuert("GEW-PFL-011", .fehler, "inhaber.name", feld: 1, "GmbH ohne Namen", basis: .gmbh) {
            $0.inhaber?.name = nil
        },
        feuert("GEW-PFL-011", .fehler, "inhaber.name", feld: 1, "e.K. ohne Firma", basis: .handwerk) {
            $0.inhaber?.name = ""
        },
        feuert("GEW-PFL-011", .fehler, "inhaber.name", feld: 1, "eingetragene GbR ohne Namen") {
            zuGbR(&$0)
            $0.inhaber?.register = Registereintrag(art: .gsr, gericht: "Amtsgericht Eschwege", nummer: "17")
        },
        still("GEW-PFL-011", "nicht eingetragenes Einzelunternehmen ohne Firma"),
        still("GEW-PFL-011", "nicht eingetragene GbR: Feld 1 nennt die Gesellschafter") { zuGbR(&$0) },

        feuert(
            "GEW-PFL-012", .fehler, "anzahlVertretungsberechtigte", feld: 12, "GmbH ohne Zahl der Vertreter",
            basis: .gmbh
        ) {
            $0.anzahlVertretungsberechtigte = nil
        },
        feuert("GEW-PFL-012", .fehler, "anzahlVertretungsberechtigte", feld: 12, "GbR mit 0 Gesellschaftern") {
            zuGbR(&$0)
            $0.anzahlVertretungsberechtigte = 0
        },
        still("GEW-PFL-012", "Einzelunternehmen braucht Feld 12 nicht"),

        feuert("GEW-PFL-013", .fehler, "beteiligungOeffentlicheHand", feld: 13, "Feld 13 fehlt") {
            $0.beteiligungOeffentlicheHand = nil
        },
        still("GEW-PFL-013", "„nicht bekannt“ ist eine Angabe") { $0.beteiligungOeffentlicheHand = .nichtBekannt },

        feuert("GEW-PFL-014", .fehler, "betriebsleiter", feld: 14, "Zweigniederlassung ohne Betriebsleiter") {
            $0.niederlassungsart = .zweigniederlassung
            $0.hauptniederlassung = hauptniederlassungKassel
        },
        feuert(
            "GEW-PFL-014", .fehler, "betriebsleiter", feld: 14, "inländische AG, Betriebsleiter ohne Vornamen",
            basis: .gmbh
        ) {
            $0.inhaber = Inhaber(
                name: "Nordhessen Software AG", rechtsform: "310",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "2417"))
            $0.betriebsleiter = Name(familienname: "Becker")
        },
        still("GEW-PFL-014", "Hauptniederlassung einer GmbH braucht keinen Betriebsleiter", basis: .gmbh),

        feuert("GEW-PFL-015", .fehler, "betriebsstaette.anschrift", feld: 15, "Betriebsstätte fehlt") {
            $0.betriebsstaette = nil
        },
        feuert("GEW-PFL-015", .fehler, "betriebsstaette.anschrift", feld: 15, "Betriebsstätte ohne PLZ") {
            $0.betriebsstaette?.anschrift?.plz = nil
        },
        still("GEW-PFL-015", "Reisegewerbe ohne Betriebsstätte") {
            $0.betriebsstaette = nil
            $0.niederlassungsart = nil
            $0.reisegewerbe = true
        },

        feuert(
            "GEW-PFL-016", .fehler, "hauptniederlassung.anschrift", feld: 16,
            "Zweigniederlassung ohne Hauptniederlassung"
        ) {
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
        },
        still("GEW-PFL-016", "unselbständige Zweigstelle mit Hauptniederlassung") {
            $0.niederlassungsart = .unselbstaendigeZweigstelle
            $0.hauptniederlassung = hauptniederlassungKassel
            $0.betriebsleiter = betriebsleiterBeispiel
        },

        feuert(
            "GEW-PFL-017", .fehler, "fruehereBetriebsstaette.anschrift", feld: 17,
            "Verlegung (GewA 1) ohne frühere Betriebsstätte", basis: .verlegung
        ) {
            $0.fruehereBetriebsstaette = nil
        },
        feuert(
            "GEW-PFL-017", .fehler, "fruehereBetriebsstaette.anschrift", feld: 17,
            "Verlegung innerhalb (GewA 2) ohne frühere Betriebsstätte", basis: .ummeldung
        ) {
            $0.fruehereBetriebsstaette = nil
        },
        still("GEW-PFL-017", "Ummeldung nur wegen Ausdehnung, ohne frühere Betriebsstätte", basis: .ummeldung) {
            $0.gruendeUmmeldung = [.ausdehnungDerTaetigkeit]
            $0.fruehereBetriebsstaette = nil
        },

        feuert("GEW-PFL-018", .fehler, "taetigkeiten", feld: 18, "keine Tätigkeit") { $0.taetigkeiten = [] },
        feuert(
            "GEW-PFL-018", .fehler, "taetigkeiten[1].beschreibung", feld: 18, "zweite Tätigkeit ohne Beschreibung",
            basis: .gmbh
        ) {
            $0.taetigkeiten?[1].beschreibung = nil
        },
        still("GEW-PFL-018", "Ummeldung: weiterhin ausgeübte Tätigkeit genügt", basis: .ummeldung) {
            $0.gruendeUmmeldung = [.verlegungInnerhalb]
            $0.taetigkeiten = [
                taetigkeit("Einzelhandel mit Schnittblumen und Topfpflanzen", wz: "47.76.1", status: .weiterhin)
            ]
        },

        feuert("GEW-PFL-019", .fehler, "nebenerwerb", feld: 19, "Nebenerwerb fehlt (GewA 1)") { $0.nebenerwerb = nil },
        feuert("GEW-PFL-019", .fehler, "nebenerwerb", feld: 19, "Nebenerwerb fehlt (GewA 3)", basis: .abmeldung) {
            $0.nebenerwerb = nil
        },
        still("GEW-PFL-019", "GewA 2 hat kein Feld Nebenerwerb", basis: .ummeldung),

        feuert("GEW-PFL-020", .fehler, "beginn", feld: 20, "Beginn fehlt") { $0.beginn = nil },
        feuert("GEW-PFL-020", .fehler, "datumAenderung", feld: 21, "Datum der Änderung fehlt", basis: .ummeldung) {
            $0.datumAenderung = nil
        },
        feuert("GEW-PFL-020", .fehler, "datumAufgabe", feld: 20, "Datum der Aufgabe fehlt", basis: .abmeldung) {
            $0.datumAufgabe = nil
        },
        still("GEW-PFL-020", "Abmeldung nennt ihr Datum", basis: .abmeldung),

        feuert("GEW-PFL-021", .fehler, "betriebsart", feld: 21, "keine Art des Betriebes angekreuzt") {
            $0.betriebsart = Betriebsart()
        },
        feuert("GEW-PFL-021", .fehler, "betriebsart", feld: 21, "alle Arten „nein“", basis: .abmeldung) {
            $0.betriebsart = Betriebsart(industrie: false, handwerk: false, handel: false, sonstiges: false)
        },
        still("GEW-PFL-021", "GewA 2 hat kein Feld Art des Betriebes", basis: .ummeldung) { $0.betriebsart = nil },

        feuert("GEW-PFL-022", .fehler, "beschaeftigte", feld: 22, "Beschäftigte fehlen") { $0.beschaeftigte = nil },
        feuert("GEW-PFL-022", .fehler, "beschaeftigte", feld: 22, "„keine“ nicht angekreuzt, keine Zahl") {
            $0.beschaeftigte = Beschaeftigte(keine: false)
        },
        still("GEW-PFL-022", "Vollzeit 0 ist eine Angabe") { $0.beschaeftigte = Beschaeftigte(vollzeit: 0) },

        feuert("GEW-PFL-023", .fehler, "niederlassungsart", feld: 23, "weder Niederlassung noch Reisegewerbe") {
            $0.niederlassungsart = nil
        },
        feuert("GEW-PFL-023", .fehler, "niederlassungsart", feld: 23, "Reisegewerbe „nein“ ohne Niederlassung") {
            $0.niederlassungsart = nil
            $0.reisegewerbe = false
        },
        still("GEW-PFL-023", "Reisegewerbe statt Niederlassung") {
            $0.niederlassungsart = nil
            $0.reisegewerbe = true
        },

        feuert("GEW-PFL-024", .fehler, "grundAnmeldung", feld: 25, "Grund der Anmeldung fehlt") {
            $0.grundAnmeldung = nil
        },
        still("GEW-PFL-024", "GewA 2 hat keinen Grund der Anmeldung", basis: .ummeldung),

        feuert("GEW-PFL-025", .fehler, "grundAbmeldung", feld: 25, "Grund der Abmeldung fehlt", basis: .abmeldung) {
            $0.grundAbmeldung = nil
        },
        still("GEW-PFL-025", "GewA 1 hat keinen Grund der Abmeldung"),

        feuert("GEW-PFL-026", .fehler, "gruendeUmmeldung", feld: 20, "kein Grund der Ummeldung", basis: .ummeldung) {
            $0.gruendeUmmeldung = nil
        },
        feuert(
            "GEW-PFL-026", .fehler, "sonstigeGruendeUmmeldung", feld: 20, "„sonstiges“ ohne Beschreibung",
            basis: .ummeldung
        ) {
            $0.gruendeUmmeldung = [.sonstiges]
        },
        still("GEW-PFL-026", "nur sonstiger Grund als Text", basis: .ummeldung) {
            $0.gruendeUmmeldung = []
            $0.sonstigeGruendeUmmeldung = "Neue Telefonnummer und Internetadresse"
        },

        feuert("GEW-PFL-027", .fehler, "fruehererInhaber", feld: 26, "Übernahme ohne früheren Inhaber") {
            $0.grundAnmeldung = .uebernahme
            $0.bisherigeUnfallversicherung = Unfallversicherung(
                traegerNichtBekannt: true, mitgliedsnummerNichtBekannt: true)
        },
        feuert("GEW-PFL-027", .fehler, "fruehererInhaber", feld: 26, "Gesellschaftereintritt ohne frühere Firma") {
            $0.grundAnmeldung = .gesellschaftereintritt
            $0.fruehererInhaber = " "
        },
        still("GEW-PFL-027", "Übernahme mit früherem Inhaber") {
            $0.grundAnmeldung = .uebernahme
            $0.fruehererInhaber = "Schneiderei Krause (Inh. Gisela Krause)"
        },
        still("GEW-PFL-027", "Verlegung braucht keinen früheren Inhaber", basis: .verlegung),

        feuert(
            "GEW-PFL-028", .fehler, "kuenftigerInhaber", feld: 27, "Übergabe ohne künftigen Inhaber", basis: .abmeldung
        ) {
            $0.grundAbmeldung = .uebergabe
        },
        feuert(
            "GEW-PFL-028", .fehler, "kuenftigerInhaber", feld: 27, "Wechsel der Rechtsform ohne künftige Firma",
            basis: .abmeldung
        ) {
            $0.grundAbmeldung = .wechselDerRechtsform
        },
        still("GEW-PFL-028", "Übergabe mit künftigem Inhaber", basis: .abmeldung) {
            $0.grundAbmeldung = .uebergabe
            $0.kuenftigerInhaber = "Blumen Schmidt GmbH"
        },
        still("GEW-PFL-028", "vollständige Aufgabe ohne künftigen Inhaber", basis: .abmeldung),

        feuert(
            "GEW-PFL-029", .fehler, "bisherigeUnfallversicherung.traeger", feld: 27,
            "Verlegung ohne bisherige Unfallversicherung", basis: .verlegung
        ) {
            $0.bisherigeUnfallversicherung = nil
        },
        feuert(
            "GEW-PFL-029", .fehler, "bisherigeUnfallversicherung.mitgliedsnummer", feld: 27,
            "Träger bekannt, Mitgliedsnummer fehlt", basis: .verlegung
        ) {
            $0.bisherigeUnfallversicherung?.mitgliedsnummer = nil
        },
        still("GEW-PFL-029", "„nicht bekannt“ angekreuzt", basis: .verlegung) {
            $0.bisherigeUnfallversicherung = Unfallversicherung(
                traegerNichtBekannt: true, mitgliedsnummerNichtBekannt: true)
        },
        still("GEW-PFL-029", "Neugründung braucht keine Unfallversicherung"),

        feuert("GEW-PFL-030", .fehler, "datumUnterschrift", feld: 32, "Papierformular am Schalter ohne Datum") {
            $0.datumUnterschrift = nil
        },
        feuert(
            "GEW-PFL-030", .fehler, "datumUnterschrift", feld: 29, "Abmeldung per Post ohne Datum", basis: .abmeldung
        ) {
            $0.eingangskanal = .post
            $0.datumUnterschrift = nil
        },
        still("GEW-PFL-030", "elektronische Anzeige ohne Unterschrift (§ 2 Abs. 1 GewAnzV)", basis: .gmbh),

        feuert(
            "GEW-PFL-031", .hinweis, "gruendeBetriebsaufgabe", feld: 28, "vollständige Aufgabe ohne Gründe",
            basis: .abmeldung
        ) {
            $0.gruendeBetriebsaufgabe = nil
            $0.ursacheAbmeldung = nil
        },
        still("GEW-PFL-031", "nur die codierte Ursache angegeben", basis: .abmeldung) {
            $0.gruendeBetriebsaufgabe = nil
        },
        still("GEW-PFL-031", "Übergabe braucht keine Gründe der Aufgabe", basis: .abmeldung) {
            $0.grundAbmeldung = .uebergabe
            $0.kuenftigerInhaber = "Blumen Schmidt GmbH"
            $0.gruendeBetriebsaufgabe = nil
            $0.ursacheAbmeldung = nil
        },
    ]
}
