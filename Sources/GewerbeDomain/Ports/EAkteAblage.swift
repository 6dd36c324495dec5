import Foundation

/// The filing port: what the Fachverfahren needs from an e-file system (eAkte).
///
/// The file structure follows municipal practice (reference `peers-and-interfaces.md` section 3.3):
/// one **Akte** per Betrieb, one **Vorgang** per Anzeige, and the Vorgang's **Dokumente**.
/// Every operation is idempotent: an adapter looks an object up by its key before it creates it,
/// so that a retried job never files anything twice.
public protocol EAkteAblage: Sendable {
    /// A short name for logs and metrics, e.g. `cmis` or `webdav`.
    var art: String { get }

    /// Finds or creates the Akte of a Betrieb and returns its object id in the eAkte.
    func ensureAkte(_ akte: AkteMetadaten) async throws -> EAkteObjektID

    /// Finds or creates the Vorgang of an Anzeige inside its Akte and returns its object id.
    func ensureVorgang(_ vorgang: VorgangMetadaten, inAkte akte: EAkteObjektID) async throws -> EAkteObjektID

    /// Files a document into a Vorgang, unless a document with the same name and the same
    /// SHA-256 is already there; returns the object id and the hash the eAkte holds.
    func fileDokument(_ dokument: AblageDokument, inVorgang vorgang: EAkteObjektID) async throws -> AblageQuittung

    /// Marks a Vorgang as done (zu den Akten), where the eAkte knows such a state. Idempotent.
    ///
    /// The metadata travel along so that an adapter can address the Vorgang without a lookup and
    /// a per-municipality router can choose the eAkte by `metadaten.gemeindeschluessel`.
    func markVorgangErledigt(_ vorgang: EAkteObjektID, metadaten: VorgangMetadaten) async throws

    /// Looks a filed document up by Vorgang and file name, for verification; `nil` if absent.
    func lookupDokument(name: String, vorgang: VorgangMetadaten, akte: AkteMetadaten) async throws -> AblageQuittung?
}

/// The id of an object in the eAkte (a CMIS object id, a WebDAV URL path).
public struct EAkteObjektID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Metadata of the Akte of a Betrieb.
public struct AkteMetadaten: Sendable, Hashable, Codable {
    /// The stable id of the Betrieb (XGewO `gewerbebetriebID`); the Akte's key.
    public var betriebId: UUID
    /// The municipality (AGS) the Betrieb belongs to.
    public var gemeindeschluessel: String
    /// Human-readable title, e.g. "Gewerbeakte Mueller Bau GmbH, Hauptstrasse 1".
    public var titel: String

    public init(betriebId: UUID, gemeindeschluessel: String, titel: String) {
        self.betriebId = betriebId
        self.gemeindeschluessel = gemeindeschluessel
        self.titel = titel
    }
}

/// Metadata of the Vorgang of one Anzeige.
public struct VorgangMetadaten: Sendable, Hashable, Codable {
    /// The id of the Anzeige (the Vorgang's key).
    public var anzeigeId: UUID
    public var betriebId: UUID
    public var gemeindeschluessel: String
    /// The Aktenzeichen staff use, e.g. `06636001-2026-000042`.
    public var aktenzeichen: String
    /// `anmeldung`, `ummeldung` or `abmeldung`.
    public var meldeart: String
    public var eingangsdatum: Datum
    public var titel: String

    public init(
        anzeigeId: UUID, betriebId: UUID, gemeindeschluessel: String, aktenzeichen: String,
        meldeart: String, eingangsdatum: Datum, titel: String
    ) {
        self.anzeigeId = anzeigeId
        self.betriebId = betriebId
        self.gemeindeschluessel = gemeindeschluessel
        self.aktenzeichen = aktenzeichen
        self.meldeart = meldeart
        self.eingangsdatum = eingangsdatum
        self.titel = titel
    }
}

/// A document to file, with its content and the metadata the eAkte keeps with it.
public struct AblageDokument: Sendable, Hashable {
    /// File name inside the Vorgang, unique there, e.g. `Gewerbeanmeldung-06636001-2026-000042.pdf`.
    public var name: String
    public var mimeType: String
    public var inhalt: Data
    /// Lower-case hex SHA-256 of `inhalt`, computed by the caller.
    public var sha256: String
    /// What the document is (`anzeige-pdf`, `anzeige-json`, `empfangsbescheinigung-pdf`).
    public var dokumentart: String
    public var vorgang: VorgangMetadaten

    public init(
        name: String, mimeType: String, inhalt: Data, sha256: String, dokumentart: String,
        vorgang: VorgangMetadaten
    ) {
        self.name = name
        self.mimeType = mimeType
        self.inhalt = inhalt
        self.sha256 = sha256
        self.dokumentart = dokumentart
        self.vorgang = vorgang
    }
}

/// What the eAkte answered for a filed document.
public struct AblageQuittung: Sendable, Hashable, Codable {
    public var objektId: EAkteObjektID
    /// The SHA-256 the eAkte reports (or that the adapter computed from the stored content).
    public var sha256: String
    public var groesse: Int

    public init(objektId: EAkteObjektID, sha256: String, groesse: Int) {
        self.objektId = objektId
        self.sha256 = sha256
        self.groesse = groesse
    }
}

/// A failure of the eAkte, classified so that the outbox knows whether a retry can help.
public struct EAkteFehler: Error, Sendable, CustomStringConvertible {
    public enum Art: String, Sendable {
        /// Network down, timeout, 5xx, 429: retry later.
        case voruebergehend
        /// 4xx other than 408/429, bad configuration, rejected content: retrying will not help
        /// until an operator acts; the job is parked.
        case dauerhaft
    }
    public var art: Art
    public var meldung: String
    public init(_ art: Art, _ meldung: String) {
        self.art = art
        self.meldung = meldung
    }
    public var description: String { "\(art.rawValue): \(meldung)" }
}
