import Foundation

extension Optional where Wrapped == String {
    /// Whether the text is absent or only whitespace.
    var istLeer: Bool { self?.nichtLeer == nil }
}

extension Anzeige {
    /// The Rechtsform entry of the code list, if the code is known.
    var rechtsformEintrag: Rechtsform? { inhaber?.rechtsform.flatMap(RechtsformVerzeichnis.eintrag) }

    /// The group of the Rechtsform; Einzelunternehmen when no Rechtsform is given but persons are.
    var rechtsformgruppe: Rechtsformgruppe? { rechtsformEintrag?.gruppe }

    /// The persons with their index, for paths like `personen[1].geburtsdatum`.
    var personenMitIndex: [(index: Int, person: Person)] {
        (personen ?? []).enumerated().map { ($0.offset, $0.element) }
    }

    /// The activities with their index.
    var taetigkeitenMitIndex: [(index: Int, taetigkeit: Taetigkeit)] {
        (taetigkeiten ?? []).enumerated().map { ($0.offset, $0.element) }
    }

    /// Whether the Anzeige is for a domestic AG, whose representatives' personal data the form
    /// does not collect (form header of GewA 1-3).
    var istInlaendischeAG: Bool { inhaber?.rechtsform == "310" }

    /// Whether the Betriebsstaette is a branch (field 23).
    var istZweigbetrieb: Bool {
        niederlassungsart == .zweigniederlassung || niederlassungsart == .unselbstaendigeZweigstelle
    }

    /// Whether any activity is marked as Schwerpunkt or there is only one.
    var taetigkeitsTexte: [String] { (taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer } }

    /// The JSON field name of the date of this form.
    var ereignisdatumFeld: (name: String, feld: Formularfeld) {
        switch meldeart {
        case .anmeldung: ("beginn", .beginn)
        case .ummeldung: ("datumAenderung", .datumAenderung)
        case .abmeldung: ("datumAufgabe", .datumAufgabe)
        }
    }

    /// Every address of the Anzeige with its JSON path and form field.
    var alleAnschriften: [(pfad: String, anschrift: Anschrift, feld: Formularfeld)] {
        var result: [(String, Anschrift, Formularfeld)] = []
        for (index, person) in personenMitIndex {
            if let anschrift = person.wohnanschrift {
                result.append(("personen[\(index)].wohnanschrift", anschrift, .wohnanschrift))
            }
        }
        let standorte: [(String, Standort?, Formularfeld)] = [
            ("betriebsstaette", betriebsstaette, .betriebsstaette),
            ("hauptniederlassung", hauptniederlassung, .hauptniederlassung),
            ("fruehereBetriebsstaette", fruehereBetriebsstaette, .fruehereBetriebsstaette),
            ("kuenftigeBetriebsstaette", kuenftigeBetriebsstaette, .kuenftigeBetriebsstaette),
        ]
        for (pfad, standort, feld) in standorte {
            if let anschrift = standort?.anschrift { result.append(("\(pfad).anschrift", anschrift, feld)) }
        }
        return result
    }

    /// Every contact block with its path and field.
    var alleKontakte: [(pfad: String, kontakt: Kontakt, feld: Formularfeld)] {
        var result: [(String, Kontakt, Formularfeld)] = []
        for (index, person) in personenMitIndex {
            if let kontakt = person.kontakt { result.append(("personen[\(index)].kontakt", kontakt, .wohnanschrift)) }
        }
        let standorte: [(String, Standort?, Formularfeld)] = [
            ("betriebsstaette", betriebsstaette, .betriebsstaette),
            ("hauptniederlassung", hauptniederlassung, .hauptniederlassung),
        ]
        for (pfad, standort, feld) in standorte {
            if let kontakt = standort?.kontakt { result.append(("\(pfad).kontakt", kontakt, feld)) }
        }
        return result
    }
}

/// Checks that an address has street, house number, postcode and town; returns the missing parts.
func fehlendeAnschriftsteile(_ anschrift: Anschrift?, hausnummerNoetig: Bool = true) -> [String] {
    guard let anschrift else { return ["strasse", "plz", "ort"] }
    var fehlend: [String] = []
    if anschrift.strasse.istLeer { fehlend.append("strasse") }
    if hausnummerNoetig && anschrift.hausnummer.istLeer && anschrift.istInland { fehlend.append("hausnummer") }
    if anschrift.plz.istLeer { fehlend.append("plz") }
    if anschrift.ort.istLeer { fehlend.append("ort") }
    return fehlend
}

/// `true` when the text consists of ASCII digits only and is not empty.
func nurZiffern(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
