import Foundation

/// Who acts: the authenticated token of a clerk, an intake service or an auditor, with its role
/// and the municipalities it may see. Every repository operation takes one.
public struct Akteur: Sendable, Hashable, Codable {
    /// Stable id of the token (never the secret).
    public var tokenId: UUID?
    /// Human-readable name for the audit trail, e.g. "Sachbearbeitung Sontra (M. Kraus)".
    public var bezeichnung: String
    public var rolle: Rolle
    /// AGS of the municipalities this actor may see and act for.
    public var kommunen: Set<String>

    public init(tokenId: UUID?, bezeichnung: String, rolle: Rolle, kommunen: Set<String>) {
        self.tokenId = tokenId
        self.bezeichnung = bezeichnung
        self.rolle = rolle
        self.kommunen = kommunen
    }

    /// The system itself (Rueckmeldeverfahren, filing worker, migrations).
    public static let system = Akteur(tokenId: nil, bezeichnung: "system", rolle: .system, kommunen: [])
}

/// Roles of the staff API (docs/http-api.md lists what each may do).
public enum Rolle: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ordnungsamt clerk: records and handles Anzeigen, Empfangsbescheinigung, register search,
    /// Registerauskunft.
    case sachbearbeitung
    /// Head of the office: everything the clerk does, plus the audit trail and filing queue of
    /// the municipality.
    case leitung
    /// Statistics office: the monthly CSV export only; no personal data beyond it.
    case statistik
    /// Auditors (Rechnungspruefung, data protection): read-only access to cases, audit trail,
    /// Auskunft log and filing state.
    case pruefung
    /// The online intake service (OZG platform): submits Anzeigen and reads back what it submitted.
    case intake
    /// The system itself; never issued as a token.
    case system

    /// The roles a token can be issued for: all but ``system``.
    public static let vergebbar: [Rolle] = allCases.filter { $0 != .system }
}

/// The state of a case.
public enum Fallstatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Counts: the current version is part of the Betrieb's history.
    case wirksam
    /// Withdrawn as erroneous (with a reason); no longer part of the history.
    case zurueckgenommen
}

/// Where the filing of a case into the eAkte stands.
public enum Ablagestatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A job is waiting (or retrying after a failure).
    case ausstehend
    /// All documents are filed.
    case abgelegt
    /// Failed too often; an operator has to look (`gewerbe filing status|retry`).
    case geparkt
}

/// The Empfangsbescheinigung (section 15 Abs. 1 GewO) of a case.
public struct Empfangsbescheinigung: Sendable, Hashable, Codable {
    public var ausgestelltAm: Datum
    public var ausgestelltVon: String
    public init(ausgestelltAm: Datum, ausgestelltVon: String) {
        self.ausgestelltAm = ausgestelltAm
        self.ausgestelltVon = ausgestelltVon
    }
}

/// One version of a case: the Anzeige as declared or as corrected.
public struct Fallversion: Sendable, Hashable, Codable {
    public var version: Int
    public var anzeige: Anzeige
    /// The `hinweis` findings at acceptance (`fehler` are never stored: such Anzeigen are rejected).
    public var hinweise: [Befund]
    public var erfasstAm: Date
    public var erfasstVon: String
    /// Why this version corrects the previous one (`nil` for version 1).
    public var berichtigungsgrund: String?

    public init(
        version: Int, anzeige: Anzeige, hinweise: [Befund], erfasstAm: Date, erfasstVon: String,
        berichtigungsgrund: String?
    ) {
        self.version = version
        self.anzeige = anzeige
        self.hinweise = hinweise
        self.erfasstAm = erfasstAm
        self.erfasstVon = erfasstVon
        self.berichtigungsgrund = berichtigungsgrund
    }
}

/// A case (Vorgang): one Anzeige of one Betrieb with its Aktenzeichen, versions and state.
public struct Fall: Sendable, Hashable, Codable {
    public var id: UUID
    /// Staff-readable file number, gap-free per municipality and year: `06636011-2026-00042`.
    public var aktenzeichen: String
    public var gemeindeschluessel: String
    public var betriebId: UUID
    public var meldeart: Meldeart
    public var status: Fallstatus
    /// Every version, oldest first; the last one is current.
    public var versionen: [Fallversion]
    public var empfangsbescheinigung: Empfangsbescheinigung?
    public var ablage: Ablagestatus
    /// Increases with every change of the case (new version, withdrawal, receipt): the ETag.
    public var revision: Int
    public var ruecknahme: Ruecknahme?
    /// For an Abmeldung built by the Rueckmeldeverfahren: the Anmeldung at the new office.
    public var ausloesendeAnzeigeId: UUID?

    public init(
        id: UUID, aktenzeichen: String, gemeindeschluessel: String, betriebId: UUID, meldeart: Meldeart,
        status: Fallstatus, versionen: [Fallversion], empfangsbescheinigung: Empfangsbescheinigung?,
        ablage: Ablagestatus, revision: Int, ruecknahme: Ruecknahme?, ausloesendeAnzeigeId: UUID? = nil
    ) {
        self.id = id
        self.aktenzeichen = aktenzeichen
        self.gemeindeschluessel = gemeindeschluessel
        self.betriebId = betriebId
        self.meldeart = meldeart
        self.status = status
        self.versionen = versionen
        self.empfangsbescheinigung = empfangsbescheinigung
        self.ablage = ablage
        self.revision = revision
        self.ruecknahme = ruecknahme
        self.ausloesendeAnzeigeId = ausloesendeAnzeigeId
    }

    /// The current version.
    public var aktuell: Fallversion { versionen[versionen.count - 1] }
    public var anzeige: Anzeige { aktuell.anzeige }
    /// Strong ETag of the case's current state.
    public var etag: String { "\"\(id.lowercased)-r\(revision)\"" }

    /// The date the Empfangsbescheinigung is due.
    public var empfangsbescheinigungFaellig: Datum? {
        anzeige.eingangsdatum.map { Fristen.empfangsbescheinigungFaellig(eingang: $0) }
    }
}

/// The withdrawal of an erroneous case.
public struct Ruecknahme: Sendable, Hashable, Codable {
    public var grund: String
    public var am: Date
    public var von: String
    public init(grund: String, am: Date, von: String) {
        self.grund = grund
        self.am = am
        self.von = von
    }
}

/// A Betrieb with its current state and its full history (all cases, all versions).
public struct BetriebAkte: Sendable, Hashable, Codable {
    public var zustand: BetriebZustand?
    public var betriebId: UUID
    public var gemeindeschluessel: String
    /// Every case of the Betrieb, oldest first, including withdrawn ones.
    public var faelle: [Fall]

    public init(zustand: BetriebZustand?, betriebId: UUID, gemeindeschluessel: String, faelle: [Fall]) {
        self.zustand = zustand
        self.betriebId = betriebId
        self.gemeindeschluessel = gemeindeschluessel
        self.faelle = faelle
    }
}

/// Formats the Aktenzeichen: `<AGS>-<Jahr>-<laufende Nummer, 5 Stellen>`.
public enum Aktenzeichen {
    public static func format(gemeinde: String, jahr: Int, nummer: Int) -> String {
        let nummerText = String(nummer)
        return "\(gemeinde)-\(jahr)-\(String(repeating: "0", count: max(0, 5 - nummerText.count)))\(nummerText)"
    }

    /// Splits an Aktenzeichen into its parts, or `nil` if it has not that form.
    public static func teile(_ text: String) -> (gemeinde: String, jahr: Int, nummer: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, AGS.istGueltig(String(parts[0])), let jahr = Int(parts[1]), let nummer = Int(parts[2]),
            parts[1].count == 4
        else { return nil }
        return (String(parts[0]), jahr, nummer)
    }
}
