import Foundation

/// Kinds of Registerauskunft (section 14 GewO).
public enum Auskunftsart: String, Sendable, Hashable, Codable, CaseIterable {
    /// Section 14 Abs. 5 Satz 2: name, betriebliche Anschrift, angezeigte Taetigkeit, to anyone.
    case einfach
    /// Section 14 Abs. 7: further data to private persons with a credible rechtliches Interesse.
    case erweitert
    /// Section 14 Abs. 6: to public bodies for their tasks (purpose and file reference recorded).
    case oeffentlicheStelle
}

/// A request for a Registerauskunft.
public struct Auskunftsanfrage: Sendable, Hashable, Codable {
    public var art: Auskunftsart
    /// Search by firm or person name (section 14 Abs. 10: by name or business address).
    public var name: String?
    public var anschrift: String?
    public var kommune: String?
    /// Who asks: name and address of the requester (person, company, public body).
    public var anfragender: String
    /// The rechtliches Interesse (Abs. 7) or the task and purpose (Abs. 6); required for those.
    public var begruendung: String?
    /// The requester's file reference (Abs. 6/11), optional.
    public var aktenzeichenAnfragender: String?

    public init(
        art: Auskunftsart, name: String? = nil, anschrift: String? = nil, kommune: String? = nil, anfragender: String,
        begruendung: String? = nil, aktenzeichenAnfragender: String? = nil
    ) {
        self.art = art
        self.name = name
        self.anschrift = anschrift
        self.kommune = kommune
        self.anfragender = anfragender
        self.begruendung = begruendung
        self.aktenzeichenAnfragender = aktenzeichenAnfragender
    }
}

/// What a Registerauskunft discloses about one Betrieb. The simple Auskunft fills only name,
/// Betriebsanschrift and Taetigkeit; the other fields only with a recorded interest.
public struct AuskunftsTreffer: Sendable, Hashable, Codable {
    public var name: String
    public var betriebsanschrift: String
    public var taetigkeit: String
    public var status: Betriebsstatus?
    public var rechtsform: String?
    public var register: String?
    public var beginn: Datum?
    public var ende: Datum?
    public var personen: [AuskunftsPerson]?

    public init(
        name: String, betriebsanschrift: String, taetigkeit: String, status: Betriebsstatus? = nil,
        rechtsform: String? = nil, register: String? = nil, beginn: Datum? = nil, ende: Datum? = nil,
        personen: [AuskunftsPerson]? = nil
    ) {
        self.name = name
        self.betriebsanschrift = betriebsanschrift
        self.taetigkeit = taetigkeit
        self.status = status
        self.rechtsform = rechtsform
        self.register = register
        self.beginn = beginn
        self.ende = ende
        self.personen = personen
    }
}

/// A person as disclosed in an erweiterte Auskunft.
public struct AuskunftsPerson: Sendable, Hashable, Codable {
    public var name: String
    public var funktion: PersonFunktion?
    public var geburtsdatum: Datum?
    public var wohnanschrift: String?
    public init(name: String, funktion: PersonFunktion?, geburtsdatum: Datum?, wohnanschrift: String?) {
        self.name = name
        self.funktion = funktion
        self.geburtsdatum = geburtsdatum
        self.wohnanschrift = wohnanschrift
    }
}

/// The answer to an Auskunftsanfrage; it is logged (Auskunft log and audit trail).
public struct Registerauskunft: Sendable, Hashable, Codable {
    public var id: UUID
    public var art: Auskunftsart
    public var rechtsgrundlage: String
    public var erteiltAm: Date
    public var treffer: [AuskunftsTreffer]
    public init(id: UUID, art: Auskunftsart, rechtsgrundlage: String, erteiltAm: Date, treffer: [AuskunftsTreffer]) {
        self.id = id
        self.art = art
        self.rechtsgrundlage = rechtsgrundlage
        self.erteiltAm = erteiltAm
        self.treffer = treffer
    }
}

extension Auskunftsart {
    public var rechtsgrundlage: String {
        switch self {
        case .einfach: "§ 14 Abs. 5 Satz 2 GewO"
        case .erweitert: "§ 14 Abs. 7 GewO"
        case .oeffentlicheStelle: "§ 14 Abs. 6 GewO"
        }
    }
}

/// What may be disclosed in a Registerauskunft: the pure rule of section 14 Abs. 5-7 GewO.
public enum Auskunftsregel {
    /// Builds the disclosed data of a Betrieb for an Auskunft of `art`.
    public static func treffer(_ zustand: BetriebZustand, art: Auskunftsart) -> AuskunftsTreffer {
        let angaben = zustand.angaben
        let taetigkeit = (angaben.taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer }.joined(separator: "; ")
        var treffer = AuskunftsTreffer(
            name: zustand.name, betriebsanschrift: angaben.betriebsstaette?.anschrift?.einzeilig ?? "",
            taetigkeit: taetigkeit)
        guard art != .einfach else { return treffer }
        treffer.status = zustand.status
        treffer.rechtsform = angaben.rechtsformEintrag?.bezeichnung ?? angaben.inhaber?.rechtsform
        if let register = angaben.inhaber?.register, let nummer = register.nummer {
            treffer.register = [register.gericht, register.art?.rawValue, nummer].compactMap { $0 }.joined(
                separator: " ")
        }
        treffer.beginn = zustand.beginn
        treffer.ende = zustand.ende
        treffer.personen = (angaben.personen ?? []).map { person in
            AuskunftsPerson(
                name: person.anzeigename, funktion: person.funktion, geburtsdatum: person.geburtsdatum,
                wohnanschrift: person.wohnanschrift?.einzeilig)
        }
        return treffer
    }

    /// Checks a request: the extended kinds need a reason (rechtliches Interesse, or task and
    /// purpose of the public body); every kind needs a name or address to search by.
    public static func pruefe(_ anfrage: Auskunftsanfrage) -> [String] {
        var probleme: [String] = []
        if anfrage.name.istLeer && anfrage.anschrift.istLeer {
            probleme.append(
                "Gesucht wird nach Name oder betrieblicher Anschrift (§ 14 Abs. 10 GewO): mindestens eines angeben.")
        }
        if anfrage.anfragender.nichtLeer == nil {
            probleme.append("Anzugeben ist, wer die Auskunft verlangt.")
        }
        switch anfrage.art {
        case .einfach: break
        case .erweitert:
            if anfrage.begruendung.istLeer {
                probleme.append(
                    "Eine erweiterte Auskunft setzt ein glaubhaft gemachtes rechtliches Interesse voraus (§ 14 Abs. 7 GewO); es ist zu begründen."
                )
            }
        case .oeffentlicheStelle:
            if anfrage.begruendung.istLeer {
                probleme.append(
                    "Für die Übermittlung an eine öffentliche Stelle sind Aufgabe und Zweck anzugeben (§ 14 Abs. 6 GewO)."
                )
            }
        }
        return probleme
    }
}

extension Auskunftsregel {
    /// Only the Ordnungsamt gives a Registerauskunft.
    public static func pruefeBerechtigung(_ akteur: Akteur) throws(FallFehler) {
        guard [.sachbearbeitung, .leitung, .system].contains(akteur.rolle) else {
            throw .nichtBerechtigt("Die Rolle \(akteur.rolle.rawValue) darf keine Registerauskunft erteilen.")
        }
    }

    /// The fields an Auskunft of `art` discloses.
    public static func felder(_ art: Auskunftsart) -> [String] {
        art == .einfach
            ? ["name", "betriebsanschrift", "taetigkeit"]
            : [
                "name", "betriebsanschrift", "taetigkeit", "status", "rechtsform", "register", "beginn", "ende",
                "personen",
            ]
    }

    /// The Auskunft from the Betriebe found and its log: one row per municipality whose Betriebe
    /// were disclosed, or `gemeindeOhneTreffer` when none was.
    public static func erteile(
        _ anfrage: Auskunftsanfrage, gefunden: [Registerfund], id: UUID, jetzt: Date, akteur: Akteur,
        gemeindeOhneTreffer: String
    ) -> Auskunftsvermerk {
        let offengelegt = gefunden.compactMap { fund in fund.zustand.map { treffer($0, art: anfrage.art) } }
        var nachGemeinde: [String: [UUID]] = [:]
        for fund in gefunden where fund.zustand != nil {
            nachGemeinde[fund.treffer.gemeindeschluessel, default: []].append(fund.treffer.betriebId)
        }
        if nachGemeinde.isEmpty { nachGemeinde[gemeindeOhneTreffer] = [] }
        let zeilen = nachGemeinde.sorted { $0.key < $1.key }.map { ags, betriebe in
            Auskunftsvermerk.Zeile(
                ags: ags, betriebe: betriebe,
                audit: Auditereignis(
                    ags: ags, akteur: Auditakteur(akteur), aktion: "auskunft.erteilen", objektTyp: "auskunft",
                    objektId: id.lowercased,
                    details: [
                        "auskunft_id": .text(id.lowercased), "art": .text(anfrage.art.rawValue),
                        "anfragender": .text(anfrage.anfragender),
                        "betriebe": .liste(betriebe.map { .text($0.lowercased) }),
                    ]))
        }
        return Auskunftsvermerk(
            auskunft: Registerauskunft(
                id: id, art: anfrage.art, rechtsgrundlage: anfrage.art.rechtsgrundlage, erteiltAm: jetzt,
                treffer: offengelegt),
            anfrage: anfrage, akteur: akteur, felder: felder(anfrage.art), zeilen: zeilen)
    }
}
