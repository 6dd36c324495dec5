import Foundation

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

/// Keyset cursors of the lists: opaque to clients, the sort key of the last row of a page.
///
/// Format: base64url without padding of `<art>1`, then the key parts, joined by U+001F. `art` is
/// `f` for the case list, `b` for the register search.
public enum Cursor {
    public static func schreibe(_ schluessel: [String], art: String) -> String {
        let text = ([art + "1"] + schluessel).joined(separator: "\u{1F}")
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key parts of a cursor of kind `art` with `teile` parts; ``FallFehler/unzulaessig(_:)``
    /// if it is not one.
    public static func lies(_ cursor: String, art: String, teile: Int) throws(FallFehler) -> [String] {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let daten = Data(base64Encoded: base64), let text = String(data: daten, encoding: .utf8) else {
            throw .unzulaessig("Der Cursor ist ungültig.")
        }
        let gelesen = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard gelesen.count == teile + 1, gelesen[0] == art + "1" else {
            throw .unzulaessig("Der Cursor ist ungültig.")
        }
        return Array(gelesen.dropFirst())
    }
}

/// Text as the register compares it: case, diacritics and character width ignored ("Müller" and
/// "MULLER" fold alike). Applied to the stored search columns and to the search terms alike, so
/// that a store only compares plain text.
public enum Registertext {
    public static func falte(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Whether one of `texte` contains `gesucht`, both folded.
    public static func enthaelt(_ texte: [String?], _ gesucht: String) -> Bool {
        let muster = falte(gesucht)
        return texte.contains { $0.map { falte($0).contains(muster) } ?? false }
    }

    /// The folded names of the persons of an Anzeige (double-Anmeldung hint, Rueckmeldeverfahren).
    public static func vergleichsnamen(_ anzeige: Anzeige) -> [String] {
        Array(Set((anzeige.personen ?? []).map { falte($0.anzeigename) }.filter { !$0.isEmpty })).sorted()
    }

    /// The folded firm name of an Anzeige's Inhaber (Rueckmeldeverfahren).
    public static func vergleichsfirma(_ anzeige: Anzeige) -> String? {
        anzeige.inhaber?.name?.nichtLeer.map(falte)
    }
}

/// A Rueckmeldung that could not be completed automatically and waits for the office of `ags`.
public struct OffeneRueckmeldung: Sendable, Hashable {
    public var id: UUID
    /// The municipality whose office has to act.
    public var gemeindeschluessel: String
    /// Why it is pending: `herkunft_fehlt`, `gemeinde_nicht_in_instanz`, `betrieb_nicht_gefunden`,
    /// `betrieb_mehrdeutig`, `abmeldung_unzulaessig`.
    public var grund: String
    public var meldung: String
    /// The Anmeldung at the new office that triggered it.
    public var anmeldungFallId: UUID
    public var anmeldungAktenzeichen: String
    public var anmeldungGemeinde: String
    /// The former municipality and Betrieb as the Anmeldung names them.
    public var herkunftGemeinde: String?
    public var herkunftBetriebId: UUID?
    public var erstelltAm: Date

    public init(
        id: UUID, gemeindeschluessel: String, grund: String, meldung: String, anmeldungFallId: UUID,
        anmeldungAktenzeichen: String, anmeldungGemeinde: String, herkunftGemeinde: String?, herkunftBetriebId: UUID?,
        erstelltAm: Date
    ) {
        self.id = id
        self.gemeindeschluessel = gemeindeschluessel
        self.grund = grund
        self.meldung = meldung
        self.anmeldungFallId = anmeldungFallId
        self.anmeldungAktenzeichen = anmeldungAktenzeichen
        self.anmeldungGemeinde = anmeldungGemeinde
        self.herkunftGemeinde = herkunftGemeinde
        self.herkunftBetriebId = herkunftBetriebId
        self.erstelltAm = erstelltAm
    }
}
