import Foundation
import GewerbeDomain

/// The names under which the adapters file Akten, Vorgaenge and Dokumente. They derive only from
/// keys that never change (AGS, Betrieb ID, Aktenzeichen, file name), so that a retried job finds
/// what an earlier attempt created; titles go into descriptions and metadata, never into names.
///
/// Layout below the configured root: `<AGS>/Betrieb-<betriebId>/<Aktenzeichen>/<Dokument>`.
/// Names are safe for file systems, WebDAV URLs and CMIS (`cmis:name` must not contain `/`).
public enum AblageNamen {
    /// Folder of a municipality: its AGS, e.g. `06636001`.
    public static func gemeinde(_ gemeindeschluessel: String) -> String {
        dateiname(gemeindeschluessel)
    }

    /// Folder of the Akte of a Betrieb: `Betrieb-<uuid in lower case>`.
    public static func akte(betriebId: UUID) -> String {
        "Betrieb-" + betriebId.lowercased
    }

    /// Folder of the Vorgang of an Anzeige: the Aktenzeichen, made file-system safe.
    public static func vorgang(aktenzeichen: String) -> String {
        dateiname(aktenzeichen)
    }

    /// A document's name inside its Vorgang, made file-system safe.
    public static func dokument(_ name: String) -> String {
        dateiname(name)
    }

    /// Makes a name safe: umlauts and ß are transliterated (ä -> ae, ß -> ss), letters, digits,
    /// `.`, `-` and `_` are kept, every other character becomes `_`; leading dots are removed
    /// (no hidden files, no `..`); an empty result becomes `_`.
    public static func dateiname(_ name: String) -> String {
        var result = ""
        for scalar in name.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "ä": result += "ae"
            case "ö": result += "oe"
            case "ü": result += "ue"
            case "Ä": result += "Ae"
            case "Ö": result += "Oe"
            case "Ü": result += "Ue"
            case "ß": result += "ss"
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": result.unicodeScalars.append(scalar)
            default: result += "_"
            }
        }
        while result.hasPrefix(".") { result.removeFirst() }
        return result.isEmpty ? "_" : result
    }
}
