import Foundation
import GewerbeDomain

extension Registertext {
    /// A LIKE pattern that finds `text` (folded) anywhere: `%text%`, with `%`, `_` and `\` escaped.
    /// Line feeds separate the parts of a search column, so they become spaces in a term.
    static func likeMuster(_ text: String) -> String {
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
        sortname = Registertext.falte(name)
        suchName = [name, angaben.inhaber?.name, angaben.geschaeftsbezeichnung].compactMap { $0?.nichtLeer }
            .map(Registertext.falte).joined(separator: "\n")
        personen = (angaben.personen ?? []).map(\.anzeigename).filter { !$0.isEmpty }
        suchPersonen = personen.map(Registertext.falte).joined(separator: "\n")
        betriebsanschrift = angaben.betriebsstaette?.anschrift?.einzeilig ?? ""
        suchAnschrift = Registertext.falte(betriebsanschrift)
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
        vergleichPersonen = Registertext.vergleichsnamen(angaben)
        vergleichFirma = Registertext.vergleichsfirma(angaben)
        beginn = zustand?.beginn?.iso
        ende = zustand?.ende?.iso
        letzteAenderung = zustand?.letzteAenderung?.iso
    }
}

/// JSON in the form the store keeps (sorted keys, no escaped slashes), and back.
enum JSONText {
    static func kodiere(_ wert: some Encodable) throws -> String {
        try JSONForm.text(wert)
    }

    static func lies<Wert: Decodable>(_ typ: Wert.Type, _ text: String) throws -> Wert {
        try JSONDecoder().decode(typ, from: Data(text.utf8))
    }
}
