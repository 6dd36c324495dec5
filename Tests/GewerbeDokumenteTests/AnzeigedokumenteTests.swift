import Foundation
import GewerbeDokumente
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The documents of a case, read back with `pdftotext` and checked with `qpdf --check`.
@Suite("Dokumente eines Falls: GewA-Formular, Datensatz, Empfangsbescheinigung, Rücknahmevermerk")
struct AnzeigedokumenteTests {
    static let eingang = Datum(jahr: 2026, monat: 1, tag: 15)!
    static let betriebId = Testfaelle.uuid("BE7B1EB0", 7)

    static func anzeige(_ meldeart: Meldeart) -> Anzeige {
        switch meldeart {
        case .anmeldung: Testanzeigen.anmeldung(eingang: eingang)
        case .ummeldung: Testanzeigen.ummeldung(betriebId: betriebId, eingang: eingang)
        case .abmeldung: Testanzeigen.abmeldung(betriebId: betriebId, eingang: eingang)
        }
    }

    /// The text lines of a PDF as `pdftotext` reads them (reading order, no layout).
    static func text(_ pdf: Data) async throws -> String {
        let text = try await PDFToolsTests.pdftotext(pdf)
        let check = try await PDFToolsTests.qpdfCheck(pdf)
        #expect(check.status == 0, "qpdf: \(check.stdoutText) \(check.stderr)")
        #expect(check.stdoutText.contains("No syntax or stream encoding errors found"))
        return text
    }

    static func zeilen(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Field numbers and labels as printed on each form (the start of each label).
    static func felder(_ meldeart: Meldeart) -> [String] {
        let gemeinsam = [
            "1 Im Handels-, Genossenschafts-, Vereins-", "2 Ort und Nummer des Registereintrags",
            "3 Name des Geschäfts (falls abweichend von Feld 1)", "4 Name", "5 Vornamen",
            "6 Geschlecht (wie im Geburtenregister eingetragen)", "7 Geburtsname (nur wenn abweichend von Feld 4)",
            "8 Geburtsdatum", "9 Geburtsort und -land", "10 Staatsangehörigkeit(en)", "11 Anschrift der Wohnung",
            "12 Zahl der geschäftsführenden Gesellschafter", "13 Liegt eine Beteiligung der öffentlichen Hand vor?",
            "14 Vertretungsberechtigte Person / Betriebsleiter", "15 Betriebsstätte", "16 Hauptniederlassung",
        ]
        switch meldeart {
        case .anmeldung:
            return gemeinsam + [
                "17 Frühere Betriebsstätte", "18 Angemeldete Tätigkeit",
                "19 Wird die Tätigkeit (vorerst) im Nebenerwerb betrieben?",
                "20 Datum des Beginns der angemeldeten Tätigkeit", "21 Art des angemeldeten Betriebes",
                "22 Zahl der bei Geschäftsaufnahme tätigen Personen", "23 Die Anmeldung wird erstattet für eine",
                "24 oder ein", "25 Grund der Neuerrichtung / der Übernahme",
                "26 Name des früheren Gewerbetreibenden oder früherer Firmenname",
                "27 Außer bei Neugründung: bisheriger gesetzlicher Unfallversicherungsträger",
                "28 Liegt eine Erlaubnis vor?", "29 Nur für Handwerksbetriebe der Anlage A HwO",
                "30 Nur für Ausländer, die einen Aufenthaltstitel benötigen", "31 Enthält der Aufenthaltstitel",
                "32 Datum", "33 Unterschrift",
            ]
        case .ummeldung:
            return gemeinsam + [
                "17 Frühere Betriebsstätte", "18 Neu ausgeübte Tätigkeit", "19 Weiterhin ausgeübte Tätigkeit",
                "20 Gründe für die Ummeldung", "21 Datum der Änderung", "22 Zahl der bei Ummeldung tätigen Personen",
                "23 Die Ummeldung wird erstattet für eine", "24 oder ein", "25 Liegt eine Erlaubnis vor?",
                "26 Nur für Handwerksbetriebe der Anlage A HwO",
                "27 Nur für Ausländer, die einen Aufenthaltstitel benötigen", "28 Enthält der Aufenthaltstitel",
                "29 Datum", "30 Unterschrift",
            ]
        case .abmeldung:
            return gemeinsam + [
                "17 Künftige Betriebsstätte", "18 Abgemeldete Tätigkeit",
                "19 Wurde die aufgegebene Tätigkeit (zuletzt) im Nebenerwerb betrieben?",
                "20 Datum der Betriebsaufgabe", "21 Art des abgemeldeten Betriebes",
                "22 Zahl der bei Geschäftsaufgabe/-übergabe tätigen Personen",
                "23 Die Abmeldung wird erstattet für eine",
                "24 oder ein", "25/26 Grund der Aufgabe / der Übergabe",
                "27 Name des künftigen Gewerbetreibenden oder künftiger Firmenname",
                "28 Gründe für die Betriebsaufgabe", "29 Datum", "30 Unterschrift",
            ]
        }
    }

    @Test(
        "GewA-Formular: Titel, Kopf, jedes Feld mit Nummer und Beschriftung, Werte mit Umlauten und ß",
        arguments: Meldeart.allCases)
    func formular(meldeart: Meldeart) async throws {
        let fall = Testfaelle.fall(Self.anzeige(meldeart))
        let datei = try Anzeigedokumente(fall: fall).anzeigePDF()
        #expect(datei.name == "\(meldeart.bezeichnung)-06636011-2026-00042-v1.pdf")
        #expect(datei.mimeType == "application/pdf")
        #expect(datei.dokumentart == .anzeigePDF)
        let text = try await Self.text(datei.inhalt)
        let zeilen = Self.zeilen(text)
        let titel: String
        switch meldeart {
        case .anmeldung: titel = "Gewerbe-Anmeldung nach § 14 oder § 55c der Gewerbeordnung"
        case .ummeldung: titel = "Gewerbe-Ummeldung nach § 14 oder § 55c GewO"
        case .abmeldung: titel = "Gewerbe-Abmeldung nach § 14 oder § 55c GewO"
        }
        // Title and form marker at the top (pdftotext puts the marker before or after the title).
        #expect(zeilen.prefix(2).contains { $0.hasPrefix(titel) }, "\(zeilen.prefix(2))")
        #expect(zeilen.prefix(2).contains { $0.hasSuffix(meldeart.formular) })
        for kopf in [
            "Name der entgegennehmenden Stelle: Ordnungsamt",
            "Gemeindekennzahl der Gemeinde des Sitzes der Betriebsstätte: 06636011",
            "Aktenzeichen: 06636011-2026-00042", "Eingangsdatum: 15.01.2026 (Eingang: Schalter)",
        ] {
            #expect(zeilen.contains(kopf), "Kopf: \(kopf)")
        }
        #expect(text.contains("Formular: Fassung 2025 · Version 1 · erfasst am 15.01.2026, 10:30 Uhr"))
        for feld in Self.felder(meldeart) {
            #expect(zeilen.contains { $0.hasPrefix(feld) }, "Feld fehlt: \(feld)")
        }
        // Values, with umlauts and ß exactly as declared.
        for wert in [
            "Weiß", "Jürgen Günther", "Änderungsschneiderei Weiß", "17.03.1984", "Eschwege, Deutschland",
            "Niederstadt 12, 36205 Sontra", "Telefon 05653 12345 · E-Mail weiss@example.org",
        ] {
            #expect(zeilen.contains(wert), "Wert fehlt: \(wert)")
        }
        #expect(text.contains("Änderungsschneiderei und Reparatur von Bekleidung [Schwerpunkt] – WZ 2008 95.29.0"))
        // Check boxes: the declared choice is ticked, the others are not.
        #expect(zeilen.contains("X männlich") && zeilen.contains("weiblich") && !zeilen.contains("X weiblich"))
        #expect(zeilen.contains("X deutsch") && zeilen.contains("andere"))
        #expect(zeilen.contains("X nein") && !zeilen.contains("X ja"))
        #expect(zeilen.contains("X Hauptniederlassung") && zeilen.contains("Zweigniederlassung"))
        #expect(zeilen.contains("X keine"))
        switch meldeart {
        case .anmeldung:
            #expect(zeilen.contains("Marktplatz 3, 36205 Sontra"))
            #expect(zeilen.contains("X Neuerrichtung/Neugründung"))
            #expect(zeilen.contains("Übernahme (Erbfolge, Kauf oder Pacht)"))
            #expect(zeilen.contains("16.01.2026"))
            #expect(zeilen.contains("X Sonstiges") && zeilen.contains("Handwerk"))
            #expect(text.contains("Diese Anzeige berechtigt nicht dazu, den Betrieb zu beginnen"))
        case .ummeldung:
            #expect(zeilen.contains("Bahnhofstraße 7, 36205 Sontra"))
            #expect(zeilen.contains("Marktplatz 3, 36205 Sontra"))  // field 17, the former address
            #expect(zeilen.contains("X Verlegung innerhalb des Meldebezirks"))
            #expect(zeilen.contains("Welche Tätigkeit wird nach der Änderung ausgeübt?"))
        case .abmeldung:
            #expect(zeilen.contains("X vollständige Aufgabe"))
            #expect(text.contains("Ruhestand"))
            #expect(text.contains("Für die Statistik erfasst: Altersgründe"))
            #expect(text.contains("Wer die abgemeldete Tätigkeit später wieder aufnimmt"))
        }
        let info = try await PDFToolsTests.pdfinfo(datei.inhalt)
        let seiten = try #require(Int(info["Pages"] ?? ""))
        #expect(zeilen.contains("Seite 1 von \(seiten)") && zeilen.contains("Seite \(seiten) von \(seiten)"))
        #expect(zeilen.contains("Aktenzeichen 06636011-2026-00042 · \(meldeart.formular) · Version 1"))
        #expect(info["Title"] == "\(meldeart.bezeichnung) 06636011-2026-00042 (Version 1)")
        #expect(!text.contains("Beiblatt zur"))
    }

    @Test("Beiblatt: weitere Personen und Tätigkeiten über drei hinaus")
    func beiblatt() async throws {
        var anzeige = Self.anzeige(.anmeldung)
        anzeige.inhaber = Inhaber(
            name: "Groß & Söhne Maßschneiderei GmbH", rechtsform: "350",
            register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "1234"))
        var zweite = Testanzeigen.person(familienname: "Größer", vornamen: "Käthe")
        zweite.funktion = .gesetzlicherVertreter
        zweite.geschlecht = .weiblich
        zweite.staatsangehoerigkeiten = ["000", "129"]
        anzeige.personen = [anzeige.personen![0], zweite]
        anzeige.taetigkeiten = (1...5).map {
            Taetigkeit(beschreibung: "Tätigkeit Nummer \($0) mit Straßenverkauf", schwerpunkt: $0 == 2)
        }
        let text = try await Self.text(try Anzeigedokumente(fall: Testfaelle.fall(anzeige)).anzeigePDF().inhalt)
        let zeilen = Self.zeilen(text)
        #expect(zeilen.contains("Groß & Söhne Maßschneiderei GmbH"))
        #expect(text.contains("Amtsgericht Eschwege HRB 1234"))
        #expect(zeilen.contains { $0.hasPrefix("Beiblatt zur Gewerbe-Anmeldung (GewA 1)") })
        #expect(zeilen.contains("Weitere Person 2: gesetzliche/r Vertreter/in"))
        #expect(zeilen.contains("Größer") && zeilen.contains("Käthe"))
        #expect(zeilen.contains("X weiblich"))
        #expect(text.contains("Tätigkeit Nummer 2 mit Straßenverkauf [Schwerpunkt]"))
        #expect(text.contains("weitere 2 Tätigkeit(en) siehe Beiblatt"))
        #expect(zeilen.contains("Weitere Tätigkeiten (Fortsetzung von Feld 18)"))
        #expect(text.contains("Tätigkeit Nummer 5 mit Straßenverkauf"))
        // The Beiblatt comes after field 33, the second person only there.
        let feld33 = try #require(text.range(of: "33 Unterschrift"))
        let beiblatt = try #require(text.range(of: "Weitere Person 2"))
        #expect(feld33.upperBound < beiblatt.lowerBound)
    }

    @Test("Berichtigung: Version 2 ist markiert, mit Grund; eigene Dateinamen")
    func berichtigung() async throws {
        let fall = Testfaelle.fall(Self.anzeige(.anmeldung))
        var neu = Self.anzeige(.anmeldung)
        neu.geschaeftsbezeichnung = "Änderungsschneiderei Weiß & Töchter"
        let berichtigt = Testfaelle.berichtigt(
            fall, anzeige: neu, grund: "Schreibfehler in der Geschäftsbezeichnung (Töchter fehlte)",
            am: Testfaelle.erfasstAm.addingTimeInterval(86_400))
        let dokumente = Anzeigedokumente(fall: berichtigt)
        let pdf = try dokumente.anzeigePDF()
        #expect(pdf.name == "Gewerbeanmeldung-06636011-2026-00042-v2.pdf")
        #expect(try dokumente.anzeigeJSON().name == "Gewerbeanmeldung-06636011-2026-00042-v2.json")
        let text = try await Self.text(pdf.inhalt)
        let zeilen = Self.zeilen(text)
        #expect(zeilen.contains("BERICHTIGUNG: diese Version 2 ersetzt Version 1"))
        #expect(zeilen.contains("Grund der Berichtigung"))
        #expect(zeilen.contains("Schreibfehler in der Geschäftsbezeichnung (Töchter fehlte)"))
        #expect(zeilen.contains("Änderungsschneiderei Weiß & Töchter"))
        // Version 1 is still rendered as it was: same bytes as before the correction.
        #expect(try dokumente.anzeigePDF(version: 1) == Anzeigedokumente(fall: fall).anzeigePDF())
        #expect(try dokumente.anzeigeJSON(version: 1) == Anzeigedokumente(fall: fall).anzeigeJSON())
        #expect(throws: DokumentFehler.self) { try dokumente.anzeigePDF(version: 3) }
    }

    @Test("Gleiche Eingabe, gleiche Bytes: keine Uhrzeit im Dokument, Erstellungsdatum aus dem Fall")
    func determinismus() async throws {
        func alle(_ fall: Fall) throws -> [Data] {
            let d = Anzeigedokumente(fall: fall, betrieb: nil)
            return [try d.anzeigePDF().inhalt, try d.anzeigeJSON().inhalt, try d.empfangsbescheinigungPDF().inhalt]
        }
        for meldeart in Meldeart.allCases {
            let fall = Testfaelle.bescheinigt(Testfaelle.fall(Self.anzeige(meldeart)), am: Self.eingang.plusTage(1))
            let erste = try alle(fall)
            try await Task.sleep(for: .milliseconds(1100))
            // A fresh case value of equal content, and a later state of the case (withdrawn).
            let zweite = try alle(
                Testfaelle.bescheinigt(Testfaelle.fall(Self.anzeige(meldeart)), am: Self.eingang.plusTage(1)))
            let spaeter = try alle(
                Testfaelle.zurueckgenommen(
                    fall, grund: "Doppelt erfasst", am: Testfaelle.erfasstAm.addingTimeInterval(9_000)))
            #expect(erste == zweite)
            #expect(erste == spaeter)
        }
        // The creation date comes from the case: another erfasstAm gives other bytes.
        let frueher = Testfaelle.fall(
            Self.anzeige(.anmeldung), erfasstAm: Testfaelle.erfasstAm.addingTimeInterval(-3600))
        let info = try await PDFToolsTests.pdfinfo(try Anzeigedokumente(fall: frueher).anzeigePDF().inhalt)
        let erstellt = try #require(info["CreationDate"])
        #expect(erstellt == "2026-01-15T09:30:00+01" || erstellt == "2026-01-15T08:30:00Z", "\(erstellt)")
    }

    @Test("Datensatz (JSON): Metadaten des Falls und kanonische Anzeige, sortierte Schlüssel, liest sich zurück")
    func datensatz() throws {
        var fall = Testfaelle.fall(Self.anzeige(.anmeldung))
        fall.versionen[0].hinweise = [
            Befund(
                regel: "GEW-TEST-001", schwere: .hinweis, feldpfad: "beginn", feldnummer: 20,
                meldung: "Beginn liegt in der Zukunft",
                rechtsgrundlage: "§ 14 Abs. 1 GewO")
        ]
        let datei = try Anzeigedokumente(fall: fall).anzeigeJSON()
        #expect(datei.name == "Gewerbeanmeldung-06636011-2026-00042-v1.json")
        #expect(datei.mimeType == "application/json")
        #expect(datei.dokumentart == .anzeigeJSON)
        #expect(datei.inhalt == (try Anzeigedokumente(fall: fall).anzeigeJSON().inhalt))
        let text = String(decoding: datei.inhalt, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"familienname\" : \"Weiß\"") || text.contains("\"familienname\": \"Weiß\""))
        let objekt = try #require(try JSONSerialization.jsonObject(with: datei.inhalt) as? [String: Any])
        #expect(objekt["format"] as? String == "gewerbe-anzeige-datensatz/1")
        #expect(objekt["aktenzeichen"] as? String == "06636011-2026-00042")
        #expect(objekt["fallId"] as? String == fall.id.lowercased)
        #expect(objekt["betriebId"] as? String == fall.betriebId.lowercased)
        #expect(objekt["meldeart"] as? String == "anmeldung")
        #expect(objekt["formular"] as? String == "GewA 1")
        #expect(objekt["version"] as? Int == 1)
        #expect(objekt["erfasstAm"] as? String == "2026-01-15T09:30:00.000Z")
        #expect(objekt["erfasstVon"] as? String == Testfaelle.sachbearbeitung)
        #expect(objekt["berichtigungsgrund"] == nil)
        #expect((objekt["hinweise"] as? [[String: Any]])?.first?["regel"] as? String == "GEW-TEST-001")
        // Top-level keys in sorted order.
        let schluessel = ["aktenzeichen", "anzeige", "betriebId", "erfasstAm", "erfasstVon", "fallId", "format"]
        let positionen = schluessel.compactMap { text.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positionen.count == schluessel.count && positionen == positionen.sorted())
        // The Anzeige inside is the canonical form and reads back to the same Anzeige.
        let anzeigeDaten = try JSONSerialization.data(withJSONObject: try #require(objekt["anzeige"]))
        #expect(try Anzeige.lesen(json: anzeigeDaten) == fall.anzeige)
    }

    @Test(
        "Empfangsbescheinigung: § 15 Abs. 1 GewO, Datum, Aktenzeichen, Betrieb, Tätigkeit, kein Erlaubnisersatz",
        arguments: Meldeart.allCases)
    func empfangsbescheinigung(meldeart: Meldeart) async throws {
        let fall = Testfaelle.bescheinigt(
            Testfaelle.fall(Self.anzeige(meldeart)), am: Self.eingang.plusTage(2),
            von: "Jörg Strauß, Ordnungsamt Sontra")
        let datei = try Anzeigedokumente(fall: fall).empfangsbescheinigungPDF()
        #expect(datei.name == "Empfangsbescheinigung-06636011-2026-00042.pdf")
        #expect(datei.dokumentart == .empfangsbescheinigungPDF)
        let text = try await Self.text(datei.inhalt)
        let zeilen = Self.zeilen(text)
        #expect(zeilen.prefix(2).contains { $0.hasPrefix("Empfangsbescheinigung") })
        #expect(zeilen.contains("nach § 15 Abs. 1 der Gewerbeordnung (GewO)"))
        #expect(zeilen.contains("Ausstellende Stelle: Ordnungsamt"))
        #expect(zeilen.contains("Aktenzeichen: 06636011-2026-00042"))
        #expect(text.contains("am 15.01.2026 bei der oben genannten Stelle eingegangen ist"))
        #expect(text.contains(meldeart.formular))
        #expect(zeilen.contains("Änderungsschneiderei Weiß"))
        #expect(zeilen.contains("Jürgen Günther Weiß (Inhaber/in)"))
        #expect(text.contains("Änderungsschneiderei und Reparatur von Bekleidung"))
        #expect(text.contains("Sie ist keine Erlaubnis, Genehmigung oder Konzession"))
        #expect(zeilen.contains("17.01.2026"))
        #expect(zeilen.contains("Jörg Strauß, Ordnungsamt Sontra"))
        #expect(zeilen.contains("Seite 1 von 1"))
        let info = try await PDFToolsTests.pdfinfo(datei.inhalt)
        #expect(info["CreationDate"] == "2026-01-17T12:00:00+01" || info["CreationDate"] == "2026-01-17T11:00:00Z")
        // Without an Empfangsbescheinigung there is none to render.
        let ohne = Testfaelle.fall(Self.anzeige(meldeart))
        #expect(throws: DokumentFehler.self) { try Anzeigedokumente(fall: ohne).empfangsbescheinigungPDF() }
    }

    @Test("Rücknahmevermerk: Grund, wer, wann")
    func ruecknahme() async throws {
        let fall = Testfaelle.fall(Self.anzeige(.anmeldung))
        #expect(throws: DokumentFehler.self) { try Anzeigedokumente(fall: fall).ruecknahmevermerkPDF() }
        let zurueck = Testfaelle.zurueckgenommen(
            fall, grund: "Doppelt erfasst (gehört zu 06636011-2026-00041)",
            am: Testfaelle.erfasstAm.addingTimeInterval(7200),
            von: "Gisela Müßig")
        let datei = try Anzeigedokumente(fall: zurueck).ruecknahmevermerkPDF()
        #expect(datei.name == "Ruecknahmevermerk-06636011-2026-00042.pdf")
        #expect(datei.dokumentart == .ruecknahmePDF)
        let zeilen = Self.zeilen(try await Self.text(datei.inhalt))
        #expect(zeilen.prefix(2).contains { $0.hasPrefix("Vermerk: Rücknahme eines fehlerhaft erfassten Falls") })
        #expect(zeilen.contains("Doppelt erfasst (gehört zu 06636011-2026-00041)"))
        #expect(zeilen.contains("15.01.2026, 12:30 Uhr"))
        #expect(zeilen.contains("Gisela Müßig"))
        #expect(zeilen.contains("Aktenzeichen: 06636011-2026-00042"))
    }

    @Test("Welche Dokumente ein Ablageauftrag ablegt", arguments: Ablageauftragsart.allCases)
    func dokumenteJeAuftragsart(art: Ablageauftragsart) throws {
        var fall = Testfaelle.fall(Self.anzeige(.anmeldung))
        fall = Testfaelle.berichtigt(fall, anzeige: fall.anzeige, grund: "Test", am: Testfaelle.erfasstAm)
        fall = Testfaelle.bescheinigt(fall, am: Self.eingang)
        fall = Testfaelle.zurueckgenommen(fall, grund: "Test", am: Testfaelle.erfasstAm)
        let version = art == .anzeige ? 1 : 2
        let dokumente = try Anzeigedokumente(fall: fall).dokumente(fuer: art, version: version)
        let az = "06636011-2026-00042"
        switch art {
        case .anzeige, .berichtigung:
            #expect(
                dokumente.map(\.name) == [
                    "Gewerbeanmeldung-\(az)-v\(version).pdf", "Gewerbeanmeldung-\(az)-v\(version).json",
                ])
            #expect(dokumente.map(\.dokumentart) == [.anzeigePDF, .anzeigeJSON])
        case .empfangsbescheinigung:
            #expect(dokumente.map(\.name) == ["Empfangsbescheinigung-\(az).pdf"])
        case .ruecknahme:
            #expect(dokumente.map(\.name) == ["Ruecknahmevermerk-\(az).pdf"])
        }
        #expect(
            dokumente.allSatisfy { $0.inhalt.starts(with: Data("%PDF-1.4".utf8)) || $0.mimeType == "application/json" })
    }

    @Test("Titel von Akte und Vorgang ohne Uhrzeit, aus dem Betrieb oder der ersten Fassung")
    func titel() {
        let fall = Testfaelle.fall(Self.anzeige(.anmeldung))
        let dokumente = Anzeigedokumente(fall: fall)
        #expect(dokumente.aktentitel == "Gewerbeakte Änderungsschneiderei Weiß, Marktplatz 3, 36205 Sontra")
        #expect(dokumente.vorgangstitel == "Gewerbeanmeldung 06636011-2026-00042 Änderungsschneiderei Weiß")
        var angaben = fall.anzeige
        angaben.geschaeftsbezeichnung = "Schneiderei Weiß"
        let zustand = BetriebZustand(
            betriebId: fall.betriebId, gemeindeschluessel: fall.gemeindeschluessel, status: .offen, beginn: nil,
            letzteAenderung: nil, ende: nil, angaben: angaben, anzahlAnzeigen: 2)
        #expect(Anzeigedokumente(fall: fall, betrieb: zustand).aktentitel.hasPrefix("Gewerbeakte Schneiderei Weiß"))
    }
}
