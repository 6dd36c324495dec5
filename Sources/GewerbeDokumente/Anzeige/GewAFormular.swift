import Foundation
import GewerbeDomain

/// Lays out one version of an Anzeige like the GewA form of its Meldeart (BGBl. I 2019, 918-923;
/// the 2025 forms keep the numbering): the header box with the entgegennehmende Stelle, the
/// Gemeindekennzahl, Aktenzeichen, Eingangsdatum and version, then every field with its number
/// and label, check boxes for yes/no and choice fields, the notices of the form (in our own
/// words), and a Beiblatt for further persons and activities.
struct GewAFormular {
    let fall: Fall
    let fassung: Fallversion
    var anzeige: Anzeige { fassung.anzeige }
    var meldeart: Meldeart { fall.meldeart }

    /// Activities shown in field 18 (and 19 on GewA 2) before the rest moves to the Beiblatt.
    static let taetigkeitenAufDemFormular = 3

    static func titel(_ meldeart: Meldeart) -> String {
        switch meldeart {
        case .anmeldung: "Gewerbe-Anmeldung nach § 14 oder § 55c der Gewerbeordnung"
        case .ummeldung: "Gewerbe-Ummeldung nach § 14 oder § 55c GewO"
        case .abmeldung: "Gewerbe-Abmeldung nach § 14 oder § 55c GewO"
        }
    }

    /// `Gewerbe-Anmeldung`, `Gewerbe-Ummeldung`, `Gewerbe-Abmeldung`.
    static func kurztitel(_ meldeart: Meldeart) -> String {
        switch meldeart {
        case .anmeldung: "Gewerbe-Anmeldung"
        case .ummeldung: "Gewerbe-Ummeldung"
        case .abmeldung: "Gewerbe-Abmeldung"
        }
    }

    /// The document as PDF bytes.
    func render() -> Data {
        var layout = PDFLayout(
            footer: PDFFooter(
                text: "Aktenzeichen \(fall.aktenzeichen) · \(meldeart.formular) · Version \(fassung.version)"))
        kopf(&layout)
        if fassung.version > 1 { berichtigung(&layout) }
        betriebsinhaber(&layout)
        layout.section("Angaben zur Person")
        person(anzeige.personen?.first, &layout)
        betrieb(&layout)
        anschriften(&layout)
        switch meldeart {
        case .anmeldung: anmeldung(&layout)
        case .ummeldung: ummeldung(&layout)
        case .abmeldung: abmeldung(&layout)
        }
        pruefhinweise(&layout)
        beiblatt(&layout)
        let info = PDFDocumentInfo(
            title: "\(meldeart.bezeichnung) \(fall.aktenzeichen) (Version \(fassung.version))",
            author: anzeige.entgegennehmendeStelle?.nichtLeer ?? "Gewerbebehörde \(fall.gemeindeschluessel)",
            subject: "\(meldeart.formular): \(Self.titel(meldeart))", creationDate: fassung.erfasstAm)
        return layout.document(info: info).render()
    }

    // MARK: - Header

    private func kopf(_ layout: inout PDFLayout) {
        var zeilen = [
            "Name der entgegennehmenden Stelle: \(anzeige.entgegennehmendeStelle?.nichtLeer ?? "–")",
            "Gemeindekennzahl der Gemeinde des Sitzes der Betriebsstätte: "
                + (anzeige.gemeindeschluessel?.nichtLeer ?? fall.gemeindeschluessel),
            "Aktenzeichen: \(fall.aktenzeichen)",
            "Eingangsdatum: \(anzeige.eingangsdatum?.deutsch ?? "–")"
                + (anzeige.eingangskanal.map { " (Eingang: \(Self.kanal($0)))" } ?? ""),
            "Formular: Fassung \((anzeige.formularversion ?? .v2025).rawValue) · Version \(fassung.version) · "
                + "erfasst am \(Zeitangabe.deutsch(fassung.erfasstAm)) von \(fassung.erfasstVon)",
        ]
        if fassung.version > 1 {
            zeilen.append("BERICHTIGUNG: diese Version \(fassung.version) ersetzt Version \(fassung.version - 1)")
        }
        if anzeige.vonAmtsWegen == true {
            zeilen.append("Abmeldung von Amts wegen (§ 14 Abs. 1 Satz 3 GewO)")
        }
        layout.headerBox(title: Self.titel(meldeart), lines: zeilen, marker: meldeart.formular)
        let hinweis =
            "Für eine Personengesellschaft (z. B. GbR, OHG, KG) gibt jeder geschäftsführende Gesellschafter "
            + "eine eigene Anzeige ab. Bei juristischen Personen stehen in den Feldern 4 bis 11"
            + (meldeart == .anmeldung ? " (und 30, 31)" : meldeart == .ummeldung ? " (und 27, 28)" : "")
            + " die Angaben zur gesetzlichen Vertretung; bei einer inländischen Aktiengesellschaft "
            + "entfallen sie. Weitere gesetzliche Vertreter und Tätigkeiten stehen auf dem Beiblatt."
        layout.paragraph(hinweis, size: 7.5, gray: 0.3, spacingAfter: 6)
    }

    private func berichtigung(_ layout: inout PDFLayout) {
        layout.section("Berichtigung")
        layout.fieldRow([
            PDFFormField(label: "Diese Fassung", value: "Version \(fassung.version)", weight: 1),
            PDFFormField(label: "ersetzt", value: "Version \(fassung.version - 1)", weight: 1),
            PDFFormField(label: "berichtigt am", value: Zeitangabe.deutsch(fassung.erfasstAm), weight: 1.5),
        ])
        layout.field(PDFFormField(label: "Grund der Berichtigung", value: fassung.berichtigungsgrund ?? "–"))
        layout.moveDown(6)
    }

    // MARK: - Fields 1-17

    private func betriebsinhaber(_ layout: inout PDFLayout) {
        layout.section("Angaben zum Betriebsinhaber")
        let inhaber = anzeige.inhaber
        var name = inhaber?.name?.nichtLeer ?? ""
        if let code = inhaber?.rechtsform?.nichtLeer {
            let bezeichnung = RechtsformVerzeichnis.eintrag(code)?.bezeichnung ?? code
            name += (name.isEmpty ? "" : "\n") + "Rechtsform: \(bezeichnung)"
        }
        if inhaber?.inGruendung == true { name += "\n(in Gründung, noch nicht eingetragen)" }
        if let weitere = inhaber?.weitereGesellschafter, !weitere.isEmpty {
            name += "\nWeitere Gesellschafter: " + weitere.joined(separator: "; ")
        }
        layout.field(
            PDFFormField(
                number: "1",
                label:
                    "Im Handels-, Genossenschafts-, Vereins-, Partnerschafts- oder Gesellschaftsregister "
                    + "eingetragener Name mit Rechtsform (bei GbR: Angabe der weiteren Gesellschafter)",
                value: name))
        var register = ""
        if let eintrag = inhaber?.register {
            register = [eintrag.gericht, eintrag.art?.rawValue, eintrag.nummer].compactMap { $0?.nichtLeer }
                .joined(separator: " ")
        }
        layout.fieldRow([
            PDFFormField(
                number: "2",
                label: "Ort und Nummer des Registereintrags (bzw. Nummer im Stiftungsverzeichnis)", value: register),
            PDFFormField(
                number: "3", label: "Name des Geschäfts (falls abweichend von Feld 1)",
                value: anzeige.geschaeftsbezeichnung ?? ""),
        ])
    }

    /// Fields 4-11 of one person (and the Aufenthaltstitel fields of GewA 1 and 2 on the Beiblatt).
    private func person(_ person: Person?, _ layout: inout PDFLayout) {
        if let funktion = person?.funktion {
            layout.paragraph("Angaben für: \(funktion.bezeichnung)", size: 8, gray: 0.3, spacingAfter: 2)
        }
        var vornamen = person?.vornamen ?? ""
        if let grad = person?.doktorgrad?.nichtLeer { vornamen = grad + " " + vornamen }
        layout.fieldRow([
            PDFFormField(number: "4", label: "Name", value: person?.familienname ?? ""),
            PDFFormField(number: "5", label: "Vornamen", value: vornamen),
        ])
        layout.fieldRow([
            PDFFormField(
                number: "6", label: "Geschlecht (wie im Geburtenregister eingetragen)",
                content: .checkboxes(
                    Geschlecht.allCases.map { PDFCheckbox($0.bezeichnung, checked: person?.geschlecht == $0) }),
                weight: 2),
            PDFFormField(
                number: "7", label: "Geburtsname (nur wenn abweichend von Feld 4)", value: person?.geburtsname ?? "",
                weight: 1),
        ])
        let land = person?.geburtsland?.nichtLeer
        let ort = [person?.geburtsort?.nichtLeer, land].compactMap { $0 }.joined(separator: ", ")
        layout.fieldRow([
            PDFFormField(number: "8", label: "Geburtsdatum", value: person?.geburtsdatum?.deutsch ?? "", weight: 1),
            PDFFormField(number: "9", label: "Geburtsort und -land", value: ort, weight: 2),
        ])
        let codes = person?.staatsangehoerigkeiten ?? []
        let andere = codes.filter { $0 != "000" }.map { StaatsangehoerigkeitVerzeichnis.eintrag($0)?.bezeichnung ?? $0 }
        layout.fieldRow([
            PDFFormField(
                number: "10", label: "Staatsangehörigkeit(en)",
                content: .checkboxes([
                    PDFCheckbox("deutsch", checked: codes.contains("000")),
                    PDFCheckbox("andere", checked: !andere.isEmpty),
                ]), weight: 1),
            PDFFormField(label: "andere Staatsangehörigkeit(en)", value: andere.joined(separator: "; "), weight: 2),
        ])
        layout.field(
            PDFFormField(
                number: "11",
                label: "Anschrift der Wohnung (Straße, Hausnummer, Postleitzahl, Ort); Telefon, Mobil, Telefax, "
                    + "E-Mail, Internet",
                value: Self.standort(Standort(anschrift: person?.wohnanschrift, kontakt: person?.kontakt))))
    }

    private func betrieb(_ layout: inout PDFLayout) {
        layout.section("Angaben zum Betrieb")
        let betriebsleiter = [anzeige.betriebsleiter?.vornamen, anzeige.betriebsleiter?.familienname]
            .compactMap { $0?.nichtLeer }.joined(separator: " ")
        layout.fieldRow([
            PDFFormField(
                number: "12",
                label:
                    "Zahl der geschäftsführenden Gesellschafter (nur bei Personengesellschaften) bzw. der "
                    + "gesetzlichen Vertreter (nur bei juristischen Personen)",
                value: anzeige.anzahlVertretungsberechtigte.map(String.init) ?? "", weight: 1),
            PDFFormField(
                number: "13", label: "Liegt eine Beteiligung der öffentlichen Hand vor?",
                content: .checkboxes(
                    BeteiligungOeffentlicheHand.allCases.map {
                        PDFCheckbox($0.bezeichnung, checked: anzeige.beteiligungOeffentlicheHand == $0)
                    }), weight: 1),
        ])
        layout.field(
            PDFFormField(
                number: "14",
                label:
                    "Vertretungsberechtigte Person / Betriebsleiter (nur bei inländischer Aktiengesellschaft, "
                    + "Zweigniederlassung oder unselbständiger Zweigstelle): Name, Vornamen",
                value: betriebsleiter))
    }

    private func anschriften(_ layout: inout PDFLayout) {
        layout.section("Anschriften")
        layout.field(
            PDFFormField(
                number: "15",
                label: "Betriebsstätte (Straße, Hausnummer, PLZ, Ort); Telefon, Telefax, E-Mail, Internet",
                value: Self.standort(anzeige.betriebsstaette)))
        layout.field(
            PDFFormField(
                number: "16",
                label: "Hauptniederlassung (falls die Betriebsstätte nur Zweigniederlassung oder unselbständige "
                    + "Zweigstelle ist)",
                value: Self.standort(anzeige.hauptniederlassung)))
        if meldeart == .abmeldung {
            layout.field(
                PDFFormField(
                    number: "17",
                    label: "Künftige Betriebsstätte (falls eine Neuerrichtung an anderem Ort geplant ist)",
                    value: Self.standort(anzeige.kuenftigeBetriebsstaette)))
        } else {
            layout.field(
                PDFFormField(
                    number: "17", label: "Frühere Betriebsstätte", value: Self.standort(anzeige.fruehereBetriebsstaette)
                ))
        }
    }

    // MARK: - GewA 1

    private func anmeldung(_ layout: inout PDFLayout) {
        layout.section("Angaben zur angemeldeten Tätigkeit")
        layout.field(
            PDFFormField(
                number: "18",
                label: "Angemeldete Tätigkeit (genau angeben; bei mehreren Tätigkeiten ist der Schwerpunkt markiert)",
                value: taetigkeitsText(anzeige.taetigkeiten ?? [])))
        layout.fieldRow([
            PDFFormField(
                number: "19", label: "Wird die Tätigkeit (vorerst) im Nebenerwerb betrieben?",
                content: .checkboxes(Self.neinJa(anzeige.nebenerwerb)), weight: 1.4),
            PDFFormField(
                number: "20", label: "Datum des Beginns der angemeldeten Tätigkeit",
                value: anzeige.beginn?.deutsch ?? "", weight: 1),
        ])
        betriebsart(nummer: "21", label: "Art des angemeldeten Betriebes", &layout)
        beschaeftigte(label: "Zahl der bei Geschäftsaufnahme tätigen Personen (ohne Inhaber)", &layout)
        niederlassung(verb: "Die Anmeldung wird erstattet für", &layout)
        layout.field(
            PDFFormField(
                number: "25", label: "Grund der Neuerrichtung / der Übernahme",
                content: .checkboxes(
                    GrundAnmeldung.allCases.map { PDFCheckbox(grundText($0), checked: anzeige.grundAnmeldung == $0) }
                )))
        layout.field(
            PDFFormField(
                number: "26", label: "Name des früheren Gewerbetreibenden oder früherer Firmenname",
                value: anzeige.fruehererInhaber ?? ""))
        let unfall = anzeige.bisherigeUnfallversicherung
        layout.fieldRow([
            PDFFormField(
                number: "27",
                label: "Außer bei Neugründung: bisheriger gesetzlicher Unfallversicherungsträger",
                value: unfall?.traegerNichtBekannt == true ? "nicht bekannt" : (unfall?.traeger ?? "")),
            PDFFormField(
                label: "bisherige Mitgliedsnummer",
                value: unfall?.mitgliedsnummerNichtBekannt == true ? "nicht bekannt" : (unfall?.mitgliedsnummer ?? "")),
        ])
        nachweise(erlaubnis: "28", handwerkskarte: "29", aufenthalt: ("30", "31"), &layout)
        hinweisErlaubnis(&layout)
        unterschrift(datum: "32", unterschrift: "33", &layout)
    }

    // MARK: - GewA 2

    private func ummeldung(_ layout: inout PDFLayout) {
        layout.section("Welche Tätigkeit wird nach der Änderung ausgeübt?")
        let alle = anzeige.taetigkeiten ?? []
        layout.field(
            PDFFormField(
                number: "18", label: "Neu ausgeübte Tätigkeit (genau angeben; Schwerpunkt markiert)",
                value: taetigkeitsText(alle.filter { $0.status == .neu })))
        layout.field(
            PDFFormField(
                number: "19", label: "Weiterhin ausgeübte Tätigkeit",
                value: taetigkeitsText(alle.filter { $0.status != .neu })))
        let gruende = anzeige.gruendeUmmeldung ?? []
        layout.field(
            PDFFormField(
                number: "20",
                label: "Gründe für die Ummeldung (z. B. Verlegung innerhalb der Gemeinde; freiwillig: Aufgabe einer "
                    + "Teiltätigkeit, Namensänderung, Wechsel zwischen Haupt- und Nebenerwerb)",
                content: .checkboxes(
                    GrundUmmeldung.allCases.map { PDFCheckbox($0.bezeichnung, checked: gruende.contains($0)) })
            ))
        if let sonstige = anzeige.sonstigeGruendeUmmeldung?.nichtLeer {
            layout.field(PDFFormField(label: "Sonstige Gründe (Freitext zu Feld 20)", value: sonstige))
        }
        layout.field(
            PDFFormField(number: "21", label: "Datum der Änderung", value: anzeige.datumAenderung?.deutsch ?? ""))
        beschaeftigte(label: "Zahl der bei Ummeldung tätigen Personen (ohne Inhaber)", &layout)
        niederlassung(verb: "Die Ummeldung wird erstattet für", &layout)
        nachweise(erlaubnis: "25", handwerkskarte: "26", aufenthalt: ("27", "28"), &layout)
        hinweisErlaubnis(&layout)
        unterschrift(datum: "29", unterschrift: "30", &layout)
    }

    // MARK: - GewA 3

    private func abmeldung(_ layout: inout PDFLayout) {
        layout.section("Angaben zur abgemeldeten Tätigkeit")
        layout.field(
            PDFFormField(
                number: "18", label: "Abgemeldete Tätigkeit (genau angeben; Schwerpunkt markiert)",
                value: taetigkeitsText(anzeige.taetigkeiten ?? [])))
        layout.fieldRow([
            PDFFormField(
                number: "19", label: "Wurde die aufgegebene Tätigkeit (zuletzt) im Nebenerwerb betrieben?",
                content: .checkboxes(Self.neinJa(anzeige.nebenerwerb)), weight: 1.4),
            PDFFormField(
                number: "20", label: "Datum der Betriebsaufgabe", value: anzeige.datumAufgabe?.deutsch ?? "", weight: 1),
        ])
        betriebsart(nummer: "21", label: "Art des abgemeldeten Betriebes", &layout)
        beschaeftigte(label: "Zahl der bei Geschäftsaufgabe/-übergabe tätigen Personen (ohne Inhaber)", &layout)
        niederlassung(verb: "Die Abmeldung wird erstattet für", &layout)
        layout.field(
            PDFFormField(
                number: "25/26", label: "Grund der Aufgabe / der Übergabe",
                content: .checkboxes(
                    GrundAbmeldung.allCases.map { PDFCheckbox($0.bezeichnung, checked: anzeige.grundAbmeldung == $0) }))
        )
        layout.field(
            PDFFormField(
                number: "27", label: "Name des künftigen Gewerbetreibenden oder künftiger Firmenname",
                value: anzeige.kuenftigerInhaber ?? ""))
        var gruende = anzeige.gruendeBetriebsaufgabe ?? ""
        if let ursache = anzeige.ursacheAbmeldung {
            gruende += (gruende.isEmpty ? "" : "\n") + "Für die Statistik erfasst: \(ursache.bezeichnung)"
        }
        layout.field(
            PDFFormField(
                number: "28",
                label: "Gründe für die Betriebsaufgabe (z. B. Altersgründe, wirtschaftliche Schwierigkeiten, "
                    + "Insolvenzverfahren)",
                value: gruende))
        layout.moveDown(4)
        layout.paragraph(
            "Hinweis: Wer die abgemeldete Tätigkeit später wieder aufnimmt, muss dies erneut bei der zuständigen "
                + "Behörde anzeigen.",
            size: 8, gray: 0.2, spacingAfter: 6)
        unterschrift(datum: "29", unterschrift: "30", &layout)
    }

    // MARK: - Shared blocks

    private func betriebsart(nummer: String, label: String, _ layout: inout PDFLayout) {
        let art = anzeige.betriebsart
        layout.field(
            PDFFormField(
                number: nummer, label: label,
                content: .checkboxes([
                    PDFCheckbox("Industrie", checked: art?.industrie == true),
                    PDFCheckbox("Handwerk", checked: art?.handwerk == true),
                    PDFCheckbox("Handel", checked: art?.handel == true),
                    PDFCheckbox("Sonstiges", checked: art?.sonstiges == true),
                ])))
    }

    private func beschaeftigte(label: String, _ layout: inout PDFLayout) {
        let zahl = anzeige.beschaeftigte
        layout.fieldRow([
            PDFFormField(
                number: "22", label: label + ": Vollzeit", value: zahl?.vollzeit.map(String.init) ?? "", weight: 2),
            PDFFormField(label: "Teilzeit", value: zahl?.teilzeit.map(String.init) ?? "", weight: 1),
            PDFFormField(
                label: "keine", content: .checkboxes([PDFCheckbox("keine", checked: zahl?.keine == true)]), weight: 1),
        ])
    }

    private func niederlassung(verb: String, _ layout: inout PDFLayout) {
        layout.fieldRow([
            PDFFormField(
                number: "23", label: verb + " eine",
                content: .checkboxes(
                    Niederlassungsart.allCases.map {
                        PDFCheckbox($0.bezeichnung, checked: anzeige.niederlassungsart == $0)
                    }),
                weight: 3),
            PDFFormField(
                number: "24", label: "oder ein",
                content: .checkboxes([PDFCheckbox("Reisegewerbe", checked: anzeige.reisegewerbe == true)]), weight: 1.1),
        ])
    }

    private func nachweise(
        erlaubnis: String, handwerkskarte: String, aufenthalt: (String, String), _ layout: inout PDFLayout
    ) {
        layout.section("Erlaubnis, Handwerkskarte, Aufenthaltstitel")
        layout.paragraph(
            "Auszufüllen, falls für die Tätigkeit eine Erlaubnis nötig ist, der Betrieb in die Handwerksrolle "
                + "einzutragen ist oder der Betriebsinhaber einen Aufenthaltstitel benötigt:",
            size: 8, gray: 0.3, spacingAfter: 2)
        nachweis(
            erlaubnis, "Liegt eine Erlaubnis vor?", "Ausstellungsdatum und erteilende Behörde", anzeige.erlaubnis,
            &layout)
        nachweis(
            handwerkskarte, "Nur für Handwerksbetriebe der Anlage A HwO: Liegt eine Handwerkskarte vor?",
            "Ausstellungsdatum und Name der Handwerkskammer", anzeige.handwerkskarte, &layout)
        aufenthaltstitel(anzeige.personen?.first?.aufenthaltstitel, nummern: aufenthalt, &layout)
    }

    private func nachweis(
        _ nummer: String, _ frage: String, _ angaben: String, _ nachweis: Nachweis?, _ layout: inout PDFLayout
    ) {
        let text = [
            nachweis?.bezeichnung?.nichtLeer, nachweis?.ausgestelltAm.map { "ausgestellt am \($0.deutsch)" },
            nachweis?.ausgestelltVon?.nichtLeer.map { "von \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
        layout.fieldRow([
            PDFFormField(
                number: nummer, label: frage, content: .checkboxes(Self.neinJa(nachweis?.liegtVor)), weight: 1.3),
            PDFFormField(label: "wenn ja: " + angaben, value: text, weight: 2),
        ])
    }

    private func aufenthaltstitel(_ titel: Aufenthaltstitel?, nummern: (String, String), _ layout: inout PDFLayout) {
        let text = [
            titel?.ausgestelltAm.map { "ausgestellt am \($0.deutsch)" },
            titel?.ausgestelltVon?.nichtLeer.map { "von \($0)" }, titel?.gueltigBis.map { "gültig bis \($0.deutsch)" },
        ].compactMap { $0 }.joined(separator: ", ")
        layout.fieldRow([
            PDFFormField(
                number: nummern.0, label: "Nur für Ausländer, die einen Aufenthaltstitel benötigen: Liegt er vor?",
                content: .checkboxes(Self.neinJa(titel?.liegtVor)), weight: 1.3),
            PDFFormField(label: "wenn ja: Ausstellungsdatum und erteilende Behörde", value: text, weight: 2),
        ])
        layout.fieldRow([
            PDFFormField(
                number: nummern.1,
                label: "Enthält der Aufenthaltstitel eine Auflage oder Beschränkung zur Erwerbstätigkeit?",
                content: .checkboxes(Self.neinJa(titel?.auflage)), weight: 1.3),
            PDFFormField(label: "wenn ja: welche", value: titel?.auflageText ?? "", weight: 2),
        ])
    }

    private func hinweisErlaubnis(_ layout: inout PDFLayout) {
        layout.moveDown(4)
        layout.paragraph(
            "Hinweis: Diese Anzeige berechtigt nicht dazu, den Betrieb zu beginnen, solange eine dafür nötige "
                + "Erlaubnis oder die Eintragung in die Handwerksrolle fehlt. Wer trotzdem beginnt, handelt "
                + "ordnungswidrig oder macht sich strafbar. Die Anzeige ist auch keine Genehmigung nach dem Bau- oder "
                + "Planungsrecht für die genutzten Räume.",
            size: 8, gray: 0.2, spacingAfter: 3)
        layout.paragraph(
            "Die Angaben werden zur Überwachung der Gewerbeausübung verarbeitet und in den gesetzlich bestimmten "
                + "Fällen an andere Stellen übermittelt (§ 14 Abs. 8 bis 13 GewO), etwa an das Finanzamt, die "
                + "Kammern und die statistischen Ämter.",
            size: 8, gray: 0.2, spacingAfter: 6)
    }

    private func unterschrift(datum: String, unterschrift: String, _ layout: inout PDFLayout) {
        let text: String
        switch anzeige.eingangskanal {
        case .online: text = "entfällt bei elektronischer Anzeige (§ 2 GewAnzV)"
        case .vonAmtsWegen, .rueckmeldung: text = "entfällt (von der Behörde erstellt)"
        case .schalter, .post, nil: text = "auf dem Original"
        }
        layout.fieldRow([
            PDFFormField(number: datum, label: "Datum", value: anzeige.datumUnterschrift?.deutsch ?? "", weight: 1),
            PDFFormField(number: unterschrift, label: "Unterschrift", value: text, weight: 2),
        ])
    }

    private func pruefhinweise(_ layout: inout PDFLayout) {
        guard !fassung.hinweise.isEmpty else { return }
        layout.moveDown(6)
        layout.section("Vermerk der Behörde: Hinweise der Prüfung bei der Erfassung")
        layout.moveDown(3)
        for befund in fassung.hinweise {
            let feld = befund.feldnummer.map { " (Feld \($0))" } ?? ""
            layout.paragraph("\(befund.regel)\(feld): \(befund.meldung)", size: 8.5, spacingAfter: 2)
        }
    }

    // MARK: - Beiblatt

    private func beiblatt(_ layout: inout PDFLayout) {
        let weiterePersonen = Array((anzeige.personen ?? []).dropFirst())
        let alle = anzeige.taetigkeiten ?? []
        let gruppen: [(String, [Taetigkeit])] =
            meldeart == .ummeldung
            ? [("18", alle.filter { $0.status == .neu }), ("19", alle.filter { $0.status != .neu })]
            : [("18", alle)]
        let weitereTaetigkeiten = gruppen.map { ($0.0, Array($0.1.dropFirst(Self.taetigkeitenAufDemFormular))) }
            .filter { !$0.1.isEmpty }
        guard !weiterePersonen.isEmpty || !weitereTaetigkeiten.isEmpty else { return }
        layout.newPage()
        layout.headerBox(
            title: "Beiblatt zur \(Self.kurztitel(meldeart)) (\(meldeart.formular))",
            lines: ["Aktenzeichen: \(fall.aktenzeichen) · Version \(fassung.version)"], marker: "Beiblatt")
        for (index, person) in weiterePersonen.enumerated() {
            layout.section("Weitere Person \(index + 2)" + (person.funktion.map { ": \($0.bezeichnung)" } ?? ""))
            self.person(person, &layout)
            switch meldeart {
            case .anmeldung: aufenthaltstitel(person.aufenthaltstitel, nummern: ("30", "31"), &layout)
            case .ummeldung: aufenthaltstitel(person.aufenthaltstitel, nummern: ("27", "28"), &layout)
            case .abmeldung: break
            }
            layout.moveDown(6)
        }
        for (nummer, taetigkeiten) in weitereTaetigkeiten {
            layout.section("Weitere Tätigkeiten (Fortsetzung von Feld \(nummer))")
            layout.field(
                PDFFormField(
                    number: nummer, label: "Tätigkeiten",
                    value: taetigkeiten.map(Self.taetigkeit).joined(separator: "\n")))
        }
    }

    // MARK: - Values

    /// Up to three activities, one a line; a pointer to the Beiblatt for more.
    private func taetigkeitsText(_ taetigkeiten: [Taetigkeit]) -> String {
        var zeilen = taetigkeiten.prefix(Self.taetigkeitenAufDemFormular).map(Self.taetigkeit)
        if taetigkeiten.count > Self.taetigkeitenAufDemFormular {
            zeilen.append(
                "weitere \(taetigkeiten.count - Self.taetigkeitenAufDemFormular) Tätigkeit(en) siehe Beiblatt")
        }
        return zeilen.joined(separator: "\n")
    }

    static func taetigkeit(_ taetigkeit: Taetigkeit) -> String {
        var text = taetigkeit.beschreibung?.nichtLeer ?? "(ohne Beschreibung)"
        if taetigkeit.schwerpunkt == true { text += " [Schwerpunkt]" }
        if let wz = taetigkeit.wz, let code = wz.gepunktet {
            let version = wz.version == .wz2008 ? "WZ 2008" : "WZ 2025"
            text += " – \(version) \(code)"
            if let titel = WZVerzeichnis.unterklasse(code, version: wz.version)?.titel { text += " \(titel)" }
        }
        return text
    }

    private func grundText(_ grund: GrundAnmeldung) -> String {
        if grund == .verlegungAusAnderemMeldebezirk && anzeige.formularversion == .v2019 {
            return "Wiedereröffnung nach Verlegung aus einem anderen Meldebezirk"
        }
        return grund.bezeichnung
    }

    static func neinJa(_ wert: Bool?) -> [PDFCheckbox] {
        [PDFCheckbox("nein", checked: wert == false), PDFCheckbox("ja", checked: wert == true)]
    }

    static func kanal(_ kanal: Eingangskanal) -> String {
        switch kanal {
        case .schalter: "Schalter"
        case .post: "Post"
        case .online: "elektronisch"
        case .vonAmtsWegen: "von Amts wegen"
        case .rueckmeldung: "Rückmeldung einer anderen Behörde"
        }
    }

    /// An address with its contact data, one line each.
    static func standort(_ standort: Standort?) -> String {
        guard let standort else { return "" }
        var zeilen: [String] = []
        if let anschrift = standort.anschrift {
            var zeile = anschrift.einzeilig
            if let ortsteil = anschrift.ortsteil?.nichtLeer { zeile += " (OT \(ortsteil))" }
            if !anschrift.istInland, let staat = anschrift.staat?.nichtLeer { zeile += ", \(staat)" }
            if !zeile.isEmpty { zeilen.append(zeile) }
        }
        if let kontakt = standort.kontakt {
            let teile = [
                kontakt.telefon?.nichtLeer.map { "Telefon \($0)" }, kontakt.mobil?.nichtLeer.map { "Mobil \($0)" },
                kontakt.fax?.nichtLeer.map { "Telefax \($0)" }, kontakt.email?.nichtLeer.map { "E-Mail \($0)" },
                kontakt.internet?.nichtLeer.map { "Internet \($0)" },
            ].compactMap { $0 }
            if !teile.isEmpty { zeilen.append(teile.joined(separator: " · ")) }
        }
        return zeilen.joined(separator: "\n")
    }
}
