import Foundation
import GewerbeDomain

/// Text as the register compares it: case, diacritics and character width ignored ("Müller" and
/// "MULLER" fold alike). The same folding as the in-memory twin, applied in Swift both to the
/// stored search columns and to the search terms, so PostgreSQL only compares plain text.
enum Suchtext {
    static func falte(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// A LIKE pattern that finds `text` (folded) anywhere: `%text%`, with `%`, `_` and `\` escaped.
    /// Line feeds separate the parts of a search column, so they become spaces in a term.
    static func enthaelt(_ text: String) -> String {
        var muster = "%"
        for zeichen in falte(text) {
            switch zeichen {
            case "%", "_", "\\": muster += "\\\(zeichen)"
            case "\n", "\r": muster += " "
            default: muster.append(zeichen)
            }
        }
        return muster + "%"
    }
}

/// The columns of a `betriebe` row besides its keys: the state as JSON and everything the
/// register search and the lookups read, derived from a ``BetriebZustand``.
struct Betriebsspalten: Sendable {
    var status: String?
    var zustandJSON: String?
    var name: String
    var sortname: String
    var suchName: String
    var suchPersonen: String
    var suchAnschrift: String
    var personen: [String]
    var betriebsanschrift: String
    var taetigkeit: String
    var wz: [String]
    var wzPraefixe: [String]
    var vergleichOrt: String?
    var vergleichPersonen: [String]
    var vergleichFirma: String?
    var beginn: String?
    var ende: String?
    var letzteAenderung: String?

    /// The columns for `zustand`; when every Anzeige was withdrawn (`nil`), the descriptive
    /// columns keep the data of `zuletzt` (the last declared data) and the status is NULL, which
    /// takes the Betrieb out of every search.
    init(_ zustand: BetriebZustand?, zuletzt: Anzeige) throws {
        let angaben = zustand?.angaben ?? zuletzt
        status = zustand?.status.rawValue
        zustandJSON = try zustand.map(JSONText.kodiere)
        name = zustand?.name ?? angaben.anzeigename
        sortname = Suchtext.falte(name)
        suchName = [name, angaben.inhaber?.name, angaben.geschaeftsbezeichnung].compactMap { $0?.nichtLeer }
            .map(Suchtext.falte).joined(separator: "\n")
        personen = (angaben.personen ?? []).map(\.anzeigename).filter { !$0.isEmpty }
        suchPersonen = personen.map(Suchtext.falte).joined(separator: "\n")
        betriebsanschrift = angaben.betriebsstaette?.anschrift?.einzeilig ?? ""
        suchAnschrift = Suchtext.falte(betriebsanschrift)
        taetigkeit = (angaben.taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer }.joined(separator: "; ")
        wz = (angaben.taetigkeiten ?? []).compactMap { $0.wz?.gepunktet }
        var praefixe: [String] = []
        for code in wz {
            let ziffern = code.filter { $0 != "." }
            for laenge in stride(from: 1, through: ziffern.count, by: 1) {
                let praefix = String(ziffern.prefix(laenge))
                if !praefixe.contains(praefix) { praefixe.append(praefix) }
            }
        }
        wzPraefixe = praefixe
        vergleichOrt = angaben.betriebsstaette?.anschrift?.vergleichsschluessel
        vergleichPersonen = Self.vergleichsnamen(angaben)
        vergleichFirma = angaben.inhaber?.name?.nichtLeer.map(Suchtext.falte)
        beginn = zustand?.beginn?.iso
        ende = zustand?.ende?.iso
        letzteAenderung = zustand?.letzteAenderung?.iso
    }

    /// The folded names of the persons of an Anzeige (for the double-Anmeldung hint and the
    /// Rueckmeldeverfahren).
    static func vergleichsnamen(_ anzeige: Anzeige) -> [String] {
        Array(Set((anzeige.personen ?? []).map { Suchtext.falte($0.anzeigename) }.filter { !$0.isEmpty })).sorted()
    }
}

/// JSON in the form the store keeps (sorted keys, no escaped slashes), and back.
enum JSONText {
    static func kodiere(_ wert: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(wert), as: UTF8.self)
    }

    static func lies<Wert: Decodable>(_ typ: Wert.Type, _ text: String) throws -> Wert {
        try JSONDecoder().decode(typ, from: Data(text.utf8))
    }
}
