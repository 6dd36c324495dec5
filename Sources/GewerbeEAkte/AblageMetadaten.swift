import Crypto
import Foundation
import GewerbeDomain

/// One metadata field the adapters file with an Akte, a Vorgang or a Dokument, and how it is
/// named in each representation (CMIS secondary-type property, WebDAV dead property, sidecar
/// JSON, description text).
public enum AblageFeld: String, Sendable, CaseIterable, Hashable {
    case aktenzeichen
    case ags
    case betriebId
    case anzeigeId
    case meldeart
    case eingangsdatum
    case sha256
    case dokumentart
    case status
    case titel

    /// The label used in descriptions (fallback when the eAkte has no field for it).
    public var beschriftung: String {
        switch self {
        case .aktenzeichen: "Aktenzeichen"
        case .ags: "AGS"
        case .betriebId: "Betrieb-ID"
        case .anzeigeId: "Anzeige-ID"
        case .meldeart: "Meldeart"
        case .eingangsdatum: "Eingangsdatum"
        case .sha256: "SHA-256"
        case .dokumentart: "Dokumentart"
        case .status: "Status"
        case .titel: "Titel"
        }
    }
}

/// The metadata of the three object kinds, as ordered field lists.
enum AblageMetadaten {
    static func akte(_ akte: AkteMetadaten) -> [(AblageFeld, String)] {
        [
            (.titel, akte.titel),
            (.ags, akte.gemeindeschluessel),
            (.betriebId, akte.betriebId.lowercased),
        ]
    }

    static func vorgang(_ vorgang: VorgangMetadaten, status: String = "offen") -> [(AblageFeld, String)] {
        [
            (.titel, vorgang.titel),
            (.aktenzeichen, vorgang.aktenzeichen),
            (.ags, vorgang.gemeindeschluessel),
            (.betriebId, vorgang.betriebId.lowercased),
            (.anzeigeId, vorgang.anzeigeId.lowercased),
            (.meldeart, vorgang.meldeart),
            (.eingangsdatum, vorgang.eingangsdatum.iso),
            (.status, status),
        ]
    }

    static func dokument(_ dokument: AblageDokument) -> [(AblageFeld, String)] {
        [
            (.titel, dokument.name),
            (.dokumentart, dokument.dokumentart),
            (.aktenzeichen, dokument.vorgang.aktenzeichen),
            (.ags, dokument.vorgang.gemeindeschluessel),
            (.betriebId, dokument.vorgang.betriebId.lowercased),
            (.anzeigeId, dokument.vorgang.anzeigeId.lowercased),
            (.meldeart, dokument.vorgang.meldeart),
            (.eingangsdatum, dokument.vorgang.eingangsdatum.iso),
            (.sha256, dokument.sha256.lowercased()),
        ]
    }

    /// A description: the title, then every field not stored elsewhere as `Label Wert`, separated
    /// by ` | `, e.g. `Gewerbeanmeldung Müller | Aktenzeichen 06636001-2026-000042 | SHA-256 ab12...`.
    static func beschreibung(titel: String, felder: [(AblageFeld, String)]) -> String {
        ([titel] + felder.filter { $0.0 != .titel }.map { "\($0.0.beschriftung) \($0.1)" }).joined(separator: " | ")
    }

    /// Reads a field back from a description written by ``beschreibung(titel:felder:)``.
    static func ausBeschreibung(_ beschreibung: String?, _ feld: AblageFeld) -> String? {
        guard let beschreibung else { return nil }
        let praefix = feld.beschriftung + " "
        for teil in beschreibung.components(separatedBy: " | ") where teil.hasPrefix(praefix) {
            return String(teil.dropFirst(praefix.count))
        }
        return nil
    }

    /// Lower-case hex SHA-256.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension AblageDokument {
    /// A document whose `sha256` is computed here from `inhalt` (lower-case hex, swift-crypto),
    /// so that callers outside the domain need no hashing code of their own.
    public init(name: String, mimeType: String, inhalt: Data, dokumentart: String, vorgang: VorgangMetadaten) {
        self.init(
            name: name, mimeType: mimeType, inhalt: inhalt, sha256: AblageMetadaten.sha256(inhalt),
            dokumentart: dokumentart, vorgang: vorgang)
    }

    /// Lower-case hex SHA-256 of `data`, as the adapters compare it.
    public static func sha256Hex(_ data: Data) -> String {
        AblageMetadaten.sha256(data)
    }
}
