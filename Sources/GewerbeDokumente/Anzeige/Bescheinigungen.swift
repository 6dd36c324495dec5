import Foundation
import GewerbeDomain

/// The letters of a case: Empfangsbescheinigung (section 15 Abs. 1 GewO) and Ruecknahme-Vermerk.
enum Bescheinigungen {
    /// The office as named on the Anzeige, else a neutral name with the AGS.
    static func stelle(_ fall: Fall, _ anzeige: Anzeige) -> String {
        anzeige.entgegennehmendeStelle?.nichtLeer ?? "Gewerbebehörde der Gemeinde \(fall.gemeindeschluessel)"
    }

    static func empfangsbescheinigung(fall: Fall, fassung: Fallversion, bescheinigung: Empfangsbescheinigung) -> Data {
        let anzeige = fassung.anzeige
        let stelle = stelle(fall, anzeige)
        var layout = PDFLayout(footer: PDFFooter(text: "Empfangsbescheinigung · Aktenzeichen \(fall.aktenzeichen)"))
        layout.headerBox(
            title: "Empfangsbescheinigung",
            lines: [
                "nach § 15 Abs. 1 der Gewerbeordnung (GewO)",
                "Ausstellende Stelle: \(stelle)",
                "Gemeindekennzahl: \(fall.gemeindeschluessel)",
                "Aktenzeichen: \(fall.aktenzeichen)",
            ], marker: fall.meldeart.formular)
        layout.moveDown(4)
        let art = GewAFormular.titel(fall.meldeart)
        layout.paragraph(
            "Hiermit wird bescheinigt, dass die folgende Anzeige (\(fall.meldeart.formular), \(art)) am "
                + "\(anzeige.eingangsdatum?.deutsch ?? "–") bei der oben genannten Stelle eingegangen ist.",
            size: 10.5, spacingAfter: 8)
        if fassung.version > 1 {
            layout.paragraph(
                "Die Bescheinigung gibt die berichtigte Fassung der Anzeige wieder (Version \(fassung.version)).",
                size: 9, gray: 0.2, spacingAfter: 6)
        }
        layout.fieldRow([
            PDFFormField(label: "Aktenzeichen", value: fall.aktenzeichen),
            PDFFormField(label: "Eingangsdatum", value: anzeige.eingangsdatum?.deutsch ?? ""),
            PDFFormField(label: ereignisLabel(fall.meldeart), value: anzeige.ereignisdatum?.deutsch ?? ""),
        ])
        layout.field(
            PDFFormField(
                number: "1", label: "Betriebsinhaber (Name mit Rechtsform)", value: anzeige.inhaber?.name ?? ""))
        if let geschaeft = anzeige.geschaeftsbezeichnung?.nichtLeer {
            layout.field(PDFFormField(number: "3", label: "Name des Geschäfts", value: geschaeft))
        }
        let personen = (anzeige.personen ?? []).map { person in
            person.anzeigename + (person.funktion.map { " (\($0.bezeichnung))" } ?? "")
        }
        layout.field(
            PDFFormField(number: "4/5", label: "Anzeigende Person(en)", value: personen.joined(separator: "\n")))
        layout.field(
            PDFFormField(
                number: "15", label: "Betriebsstätte", value: anzeige.betriebsstaette?.anschrift?.einzeilig ?? ""))
        if fall.meldeart == .ummeldung, let frueher = anzeige.fruehereBetriebsstaette?.anschrift?.einzeilig.nichtLeer {
            layout.field(PDFFormField(number: "17", label: "Frühere Betriebsstätte", value: frueher))
        }
        layout.field(
            PDFFormField(
                number: "18", label: taetigkeitLabel(fall.meldeart),
                value: (anzeige.taetigkeiten ?? []).map(GewAFormular.taetigkeit).joined(separator: "\n")))
        switch fall.meldeart {
        case .anmeldung:
            if let grund = anzeige.grundAnmeldung {
                layout.field(PDFFormField(number: "25", label: "Grund", value: grund.bezeichnung))
            }
        case .ummeldung:
            let gruende =
                (anzeige.gruendeUmmeldung ?? []).map(\.bezeichnung)
                + [anzeige.sonstigeGruendeUmmeldung]
                .compactMap { $0?.nichtLeer }
            layout.field(
                PDFFormField(number: "20", label: "Gründe der Ummeldung", value: gruende.joined(separator: "; ")))
        case .abmeldung:
            if let grund = anzeige.grundAbmeldung {
                layout.field(
                    PDFFormField(number: "25/26", label: "Grund der Aufgabe / der Übergabe", value: grund.bezeichnung))
            }
        }
        layout.moveDown(8)
        layout.section("Hinweise")
        layout.moveDown(4)
        layout.paragraph(
            "Diese Bescheinigung bestätigt nur den Eingang der Anzeige. Sie ist keine Erlaubnis, Genehmigung oder "
                + "Konzession. Ist für die Tätigkeit eine Erlaubnis oder die Eintragung in die Handwerksrolle "
                + "vorgeschrieben, darf der Betrieb erst beginnen, wenn sie vorliegt. Die Anzeige ersetzt auch keine "
                + "Genehmigung nach dem Bau- oder Planungsrecht für die Räume des Betriebs.",
            size: 9, spacingAfter: 4)
        if fall.meldeart == .abmeldung {
            layout.paragraph(
                "Wer die abgemeldete Tätigkeit wieder aufnimmt, muss dies erneut anzeigen.", size: 9, spacingAfter: 4)
        }
        layout.moveDown(10)
        layout.fieldRow([
            PDFFormField(label: "Ausgestellt am", value: bescheinigung.ausgestelltAm.deutsch, weight: 1),
            PDFFormField(label: "Ausgestellt von", value: bescheinigung.ausgestelltVon, weight: 2),
        ])
        layout.field(PDFFormField(label: "Ausstellende Stelle", value: stelle))
        layout.paragraph(
            "Dieses Schreiben wurde maschinell erstellt.", size: 8, gray: 0.3, spacingAfter: 0)
        let info = PDFDocumentInfo(
            title: "Empfangsbescheinigung \(fall.aktenzeichen)", author: stelle,
            subject: "Empfangsbescheinigung nach § 15 Abs. 1 GewO",
            creationDate: Zeitangabe.mittag(bescheinigung.ausgestelltAm))
        return layout.document(info: info).render()
    }

    static func ruecknahmevermerk(fall: Fall, ruecknahme: Ruecknahme) -> Data {
        let anzeige = fall.aktuell.anzeige
        let stelle = stelle(fall, anzeige)
        var layout = PDFLayout(footer: PDFFooter(text: "Rücknahmevermerk · Aktenzeichen \(fall.aktenzeichen)"))
        layout.headerBox(
            title: "Vermerk: Rücknahme eines fehlerhaft erfassten Falls",
            lines: [
                "Stelle: \(stelle)", "Gemeindekennzahl: \(fall.gemeindeschluessel)",
                "Aktenzeichen: \(fall.aktenzeichen)",
            ], marker: fall.meldeart.formular)
        layout.fieldRow([
            PDFFormField(label: "Art der Anzeige", value: "\(fall.meldeart.bezeichnung) (\(fall.meldeart.formular))"),
            PDFFormField(label: "Eingangsdatum", value: anzeige.eingangsdatum?.deutsch ?? ""),
            PDFFormField(label: "Versionen", value: String(fall.versionen.count)),
        ])
        layout.field(PDFFormField(label: "Betrieb", value: anzeige.anzeigename))
        layout.field(PDFFormField(label: "Grund der Rücknahme", value: ruecknahme.grund))
        layout.fieldRow([
            PDFFormField(label: "Zurückgenommen am", value: Zeitangabe.deutsch(ruecknahme.am)),
            PDFFormField(label: "Zurückgenommen von", value: ruecknahme.von),
        ])
        layout.moveDown(8)
        layout.paragraph(
            "Der Fall wurde als fehlerhaft erfasst zurückgenommen. Er bleibt mit allen Fassungen in der Akte, zählt "
                + "aber nicht mehr zur Geschichte des Betriebs; dessen Zustand wird ohne ihn neu bestimmt.",
            size: 9.5, spacingAfter: 4)
        let info = PDFDocumentInfo(
            title: "Rücknahmevermerk \(fall.aktenzeichen)", author: stelle, subject: "Rücknahme eines Falls",
            creationDate: ruecknahme.am)
        return layout.document(info: info).render()
    }

    static func ereignisLabel(_ meldeart: Meldeart) -> String {
        switch meldeart {
        case .anmeldung: "Datum des Beginns"
        case .ummeldung: "Datum der Änderung"
        case .abmeldung: "Datum der Betriebsaufgabe"
        }
    }

    static func taetigkeitLabel(_ meldeart: Meldeart) -> String {
        switch meldeart {
        case .anmeldung: "Angemeldete Tätigkeit"
        case .ummeldung: "Ausgeübte Tätigkeit nach der Änderung"
        case .abmeldung: "Abgemeldete Tätigkeit"
        }
    }
}
