import Foundation

/// The clock, injected so that tests control "today".
public protocol Uhr: Sendable {
    func jetzt() -> Date
}

extension Uhr {
    /// Today in the offices' legal time zone (Europe/Berlin).
    public func heute() -> Datum { Datum(jetzt()) }
}

/// The real clock.
public struct SystemUhr: Uhr {
    public init() {}
    public func jetzt() -> Date { Date() }
}

/// What happened to a submitted Anzeige (new case or correction).
public enum EinreichungsErgebnis: Sendable {
    /// Accepted and stored. `wiederholt` is true when an `Idempotency-Key` replayed an earlier
    /// submission: the case is the one created then, nothing new was stored.
    case angenommen(Fall, wiederholt: Bool)
    /// Rejected: at least one `fehler`. Nothing was stored.
    case abgelehnt(Pruefergebnis)
}

/// Why a case operation could not be done. Maps onto HTTP status codes.
public enum FallFehler: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such case or Betrieb in the actor's municipalities (404; other municipalities look
    /// exactly like missing ones).
    case nichtGefunden(String)
    /// The actor may not do this (403), e.g. submit for a municipality not in its token.
    case nichtBerechtigt(String)
    /// `If-Match` does not match the current ETag (412).
    case veraltet(aktuellesEtag: String)
    /// `If-Match` is required but missing (428).
    case vorbedingungFehlt
    /// The same `Idempotency-Key` was used with a different body (409).
    case idempotenzKonflikt
    /// The operation conflicts with the case's state (409), e.g. withdrawing an Anmeldung whose
    /// Betrieb has later Anzeigen, or a second Empfangsbescheinigung.
    case konflikt(String)
    /// The request is well-formed but not acceptable (422) for a reason outside the rules,
    /// e.g. an Empfangsbescheinigung dated before the receipt.
    case unzulaessig(String)

    public var description: String {
        switch self {
        case .nichtGefunden(let text), .nichtBerechtigt(let text), .konflikt(let text), .unzulaessig(let text): text
        case .veraltet(let etag): "Der Fall wurde inzwischen geändert (aktuelles ETag \(etag))."
        case .vorbedingungFehlt: "If-Match mit dem ETag des Falls ist erforderlich."
        case .idempotenzKonflikt: "Der Idempotency-Key wurde bereits für eine andere Anzeige verwendet."
        }
    }
}

/// A page of a keyset-paginated list.
public struct Seite<Eintrag: Sendable & Codable>: Sendable, Codable {
    public var eintraege: [Eintrag]
    /// Opaque cursor for the next page; `nil` on the last page.
    public var naechsterCursor: String?
    public init(eintraege: [Eintrag], naechsterCursor: String?) {
        self.eintraege = eintraege
        self.naechsterCursor = naechsterCursor
    }
}

/// Filter for the list of cases (work lists of the Ordnungsamt).
public struct Fallfilter: Sendable, Hashable, Codable {
    /// Only cases without an Empfangsbescheinigung.
    public var ohneEmpfangsbescheinigung: Bool?
    /// Only cases whose Empfangsbescheinigung is overdue (past the 3-day mark) on `stichtag`.
    public var ueberfaellig: Bool?
    public var meldeart: Meldeart?
    public var status: Fallstatus?
    public var ablage: Ablagestatus?
    public var kommune: String?
    public var eingangVon: Datum?
    public var eingangBis: Datum?
    /// Page size (bounded by the service, default 50, at most 200).
    public var limit: Int
    public var cursor: String?

    public init(
        ohneEmpfangsbescheinigung: Bool? = nil, ueberfaellig: Bool? = nil, meldeart: Meldeart? = nil,
        status: Fallstatus? = nil, ablage: Ablagestatus? = nil, kommune: String? = nil, eingangVon: Datum? = nil,
        eingangBis: Datum? = nil, limit: Int = 50, cursor: String? = nil
    ) {
        self.ohneEmpfangsbescheinigung = ohneEmpfangsbescheinigung
        self.ueberfaellig = ueberfaellig
        self.meldeart = meldeart
        self.status = status
        self.ablage = ablage
        self.kommune = kommune
        self.eingangVon = eingangVon
        self.eingangBis = eingangBis
        self.limit = limit
        self.cursor = cursor
    }
}

/// One row of the case list.
public struct Fallzeile: Sendable, Hashable, Codable {
    public var id: UUID
    public var aktenzeichen: String
    public var gemeindeschluessel: String
    public var betriebId: UUID
    public var meldeart: Meldeart
    public var status: Fallstatus
    public var name: String
    public var eingangsdatum: Datum
    public var ereignisdatum: Datum?
    public var empfangsbescheinigung: Empfangsbescheinigung?
    public var empfangsbescheinigungFaellig: Datum
    public var ueberfaellig: Bool
    public var ablage: Ablagestatus
    public var version: Int

    public init(
        id: UUID, aktenzeichen: String, gemeindeschluessel: String, betriebId: UUID, meldeart: Meldeart,
        status: Fallstatus, name: String, eingangsdatum: Datum, ereignisdatum: Datum?,
        empfangsbescheinigung: Empfangsbescheinigung?, empfangsbescheinigungFaellig: Datum, ueberfaellig: Bool,
        ablage: Ablagestatus, version: Int
    ) {
        self.id = id
        self.aktenzeichen = aktenzeichen
        self.gemeindeschluessel = gemeindeschluessel
        self.betriebId = betriebId
        self.meldeart = meldeart
        self.status = status
        self.name = name
        self.eingangsdatum = eingangsdatum
        self.ereignisdatum = ereignisdatum
        self.empfangsbescheinigung = empfangsbescheinigung
        self.empfangsbescheinigungFaellig = empfangsbescheinigungFaellig
        self.ueberfaellig = ueberfaellig
        self.ablage = ablage
        self.version = version
    }
}

/// A search of the Gewerberegister (the municipality's register of Betriebe).
public struct Registersuche: Sendable, Hashable, Codable {
    /// Part of the firm name or Geschaeftsbezeichnung (case-insensitive substring).
    public var name: String?
    /// Part of the name of a person (owner, representative).
    public var person: String?
    /// Part of the address of the Betriebsstaette (street, postcode or town).
    public var anschrift: String?
    /// WZ code or prefix (`96.02`, `96021`).
    public var wz: String?
    public var status: Betriebsstatus?
    public var kommune: String?
    public var beginnVon: Datum?
    public var beginnBis: Datum?
    public var endeVon: Datum?
    public var endeBis: Datum?
    public var limit: Int
    public var cursor: String?

    public init(
        name: String? = nil, person: String? = nil, anschrift: String? = nil, wz: String? = nil,
        status: Betriebsstatus? = nil, kommune: String? = nil, beginnVon: Datum? = nil, beginnBis: Datum? = nil,
        endeVon: Datum? = nil, endeBis: Datum? = nil, limit: Int = 50, cursor: String? = nil
    ) {
        self.name = name
        self.person = person
        self.anschrift = anschrift
        self.wz = wz
        self.status = status
        self.kommune = kommune
        self.beginnVon = beginnVon
        self.beginnBis = beginnBis
        self.endeVon = endeVon
        self.endeBis = endeBis
        self.limit = limit
        self.cursor = cursor
    }
}

/// One Betrieb found by a register search.
public struct Registertreffer: Sendable, Hashable, Codable {
    public var betriebId: UUID
    public var gemeindeschluessel: String
    public var name: String
    public var status: Betriebsstatus
    public var betriebsanschrift: String
    public var taetigkeit: String
    public var wz: [String]
    public var personen: [String]
    public var beginn: Datum?
    public var ende: Datum?

    public init(
        betriebId: UUID, gemeindeschluessel: String, name: String, status: Betriebsstatus, betriebsanschrift: String,
        taetigkeit: String, wz: [String], personen: [String], beginn: Datum?, ende: Datum?
    ) {
        self.betriebId = betriebId
        self.gemeindeschluessel = gemeindeschluessel
        self.name = name
        self.status = status
        self.betriebsanschrift = betriebsanschrift
        self.taetigkeit = taetigkeit
        self.wz = wz
        self.personen = personen
        self.beginn = beginn
        self.ende = ende
    }
}

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

/// The case store: every write of the Ordnungsamt's case work, in one transaction each, and the
/// reads of cases, Betriebe and the register. Scope: every operation sees only the actor's
/// municipalities. Implemented by the PostgreSQL adapter.
public protocol FallRepository: Sendable {
    /// Validates and stores a new Anzeige (An-, Um- or Abmeldung) with its Aktenzeichen, the
    /// Betrieb's new state, an audit event and a filing job, all in one transaction. With an
    /// idempotency key, a repeated submission returns the first result.
    func einreichen(
        _ anzeige: Anzeige, akteur: Akteur, idempotenzSchluessel: String?
    ) async throws
        -> EinreichungsErgebnis

    /// Stores a corrected Anzeige as a new version of the case (never an UPDATE of the old one).
    func berichtigen(
        fallId: UUID, anzeige: Anzeige, grund: String, ifMatch: String?, akteur: Akteur
    ) async throws
        -> EinreichungsErgebnis

    /// Withdraws an erroneous case; the Betrieb's state is derived anew without it.
    func zuruecknehmen(fallId: UUID, grund: String, ifMatch: String?, akteur: Akteur) async throws -> Fall

    /// Records the Empfangsbescheinigung (section 15 Abs. 1 GewO) and queues its filing.
    func bescheinigeEmpfang(fallId: UUID, am: Datum?, akteur: Akteur) async throws -> Fall

    /// One case with all versions (a read of personal data: audited).
    func fall(id: UUID, akteur: Akteur) async throws -> Fall

    /// The work list of cases.
    func faelle(_ filter: Fallfilter, akteur: Akteur) async throws -> Seite<Fallzeile>

    /// One Betrieb with its full history (audited).
    func betrieb(id: UUID, akteur: Akteur) async throws -> BetriebAkte

    /// Searches the register (audited).
    func sucheBetriebe(_ suche: Registersuche, akteur: Akteur) async throws -> Seite<Registertreffer>

    /// Answers and logs a Registerauskunft.
    func auskunft(_ anfrage: Auskunftsanfrage, akteur: Akteur) async throws -> Registerauskunft
}
