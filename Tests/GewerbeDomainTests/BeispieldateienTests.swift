import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// A JSON value, to print documents in a fixed, readable key order.
indirect enum JSONWert: Decodable, Equatable {
    case null
    case bool(Bool)
    case ganz(Int)
    case zahl(Double)
    case text(String)
    case liste([JSONWert])
    case objekt([String: JSONWert])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let wert = try? container.decode(Bool.self) {
            self = .bool(wert)
        } else if let wert = try? container.decode(Int.self) {
            self = .ganz(wert)
        } else if let wert = try? container.decode(Double.self) {
            self = .zahl(wert)
        } else if let wert = try? container.decode(String.self) {
            self = .text(wert)
        } else if let wert = try? container.decode([JSONWert].self) {
            self = .liste(wert)
        } else {
            self = .objekt(try container.decode([String: JSONWert].self))
        }
    }

    var istSkalar: Bool {
        switch self {
        case .liste, .objekt: false
        default: true
        }
    }
}

/// The order of the fields in the model (Anzeige, then its parts), for readable documents.
let feldreihenfolge: [String] = [
    "meldeart", "formularversion", "gemeindeschluessel", "entgegennehmendeStelle", "betriebId", "eingangsdatum",
    "eingangskanal", "inhaber", "geschaeftsbezeichnung", "personen", "anzahlVertretungsberechtigte",
    "beteiligungOeffentlicheHand", "betriebsleiter", "betriebsstaette", "hauptniederlassung", "fruehereBetriebsstaette",
    "kuenftigeBetriebsstaette", "taetigkeiten", "nebenerwerb", "beginn", "datumAenderung", "datumAufgabe",
    "betriebsart",
    "beschaeftigte", "niederlassungsart", "reisegewerbe", "grundAnmeldung", "gruendeUmmeldung",
    "sonstigeGruendeUmmeldung",
    "grundAbmeldung", "fruehererInhaber", "kuenftigerInhaber", "bisherigeUnfallversicherung", "erlaubnis",
    "handwerkskarte",
    "gruendeBetriebsaufgabe", "ursacheAbmeldung", "datumUnterschrift", "vonAmtsWegen", "herkunft",
    "name", "rechtsform", "register", "weitereGesellschafter", "inGruendung", "art", "gericht", "nummer",
    "funktion", "familienname", "vornamen", "doktorgrad", "geschlecht", "geburtsname", "geburtsdatum", "geburtsort",
    "geburtsland", "staatsangehoerigkeiten", "wohnanschrift", "anschrift", "kontakt", "aufenthaltstitel",
    "genehmigungFamiliengericht", "strasse", "hausnummer", "adresszusatz", "plz", "ort", "ortsteil", "staat",
    "telefon", "mobil", "fax", "email", "internet", "beschreibung", "schwerpunkt", "wz", "status", "klassifikation",
    "code",
    "industrie", "handwerk", "handel", "sonstiges", "vollzeit", "teilzeit", "keine", "traeger", "traegerNichtBekannt",
    "mitgliedsnummer", "mitgliedsnummerNichtBekannt", "liegtVor", "ausgestelltAm", "ausgestelltVon", "gueltigBis",
    "auflage", "auflageText", "bezeichnung",
]

/// Pretty JSON for the documentation: fields in the order of the model, small objects and
/// lists of plain values on one line. The stored form stays `Anzeige.json()`.
func lesbaresJSON(_ anzeige: Anzeige) throws -> String {
    let wert = try JSONDecoder().decode(JSONWert.self, from: anzeige.json())
    return drucke(wert, einzug: "") + "\n"
}

func drucke(_ wert: JSONWert, einzug: String) -> String {
    func text(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(s), as: UTF8.self)
    }
    func schluessel(_ objekt: [String: JSONWert]) -> [String] {
        objekt.keys.sorted {
            (feldreihenfolge.firstIndex(of: $0) ?? Int.max, $0) < (feldreihenfolge.firstIndex(of: $1) ?? Int.max, $1)
        }
    }
    switch wert {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .ganz(let i): return String(i)
    case .zahl(let d): return String(d)
    case .text(let s): return text(s)
    case .liste(let liste):
        if liste.isEmpty { return "[]" }
        let zeile = "[" + liste.map { drucke($0, einzug: "") }.joined(separator: ", ") + "]"
        if liste.allSatisfy(\.istSkalar) && zeile.count + einzug.count < 100 { return zeile }
        let innen = einzug + "  "
        return "[\n" + liste.map { innen + drucke($0, einzug: innen) }.joined(separator: ",\n") + "\n" + einzug + "]"
    case .objekt(let objekt):
        if objekt.isEmpty { return "{}" }
        let zeile =
            "{ " + schluessel(objekt).map { "\(text($0)): \(drucke(objekt[$0]!, einzug: ""))" }.joined(separator: ", ")
            + " }"
        if objekt.values.allSatisfy(\.istSkalar) && zeile.count + einzug.count < 110 { return zeile }
        let innen = einzug + "  "
        return "{\n"
            + schluessel(objekt).map { innen + "\(text($0)): " + drucke(objekt[$0]!, einzug: innen) }.joined(
                separator: ",\n")
            + "\n" + einzug + "}"
    }
}

@Suite("docs/examples: die Beispielanzeigen")
struct BeispieldateienTests {
    /// `GEWERBE_BEISPIELE_SCHREIBEN=1 swift test --filter Beispieldateien` writes the files of
    /// fixtures that have none yet (existing, hand-formatted files are kept).
    @Test("Jede Beispieldatei ist genau die Beispielanzeige der Tests", arguments: Beispielanzeigen.alle)
    func dateiGleichBeispiel(_ beispiel: Beispielanzeigen.Beispiel) throws {
        let url = Paket.datei("docs/examples/\(beispiel.datei)")
        if ProcessInfo.processInfo.environment["GEWERBE_BEISPIELE_SCHREIBEN"] != nil,
            !FileManager.default.fileExists(atPath: url.path)
        {
            try lesbaresJSON(beispiel.anzeige).write(to: url, atomically: true, encoding: .utf8)
        }
        let daten = try Data(contentsOf: url)
        let gelesen = try Anzeige.lesen(json: daten)
        #expect(gelesen == beispiel.anzeige, "docs/examples/\(beispiel.datei) weicht von Beispielanzeigen ab")
    }

    @Test("docs/examples enthält nur die sechs Beispiele und den Ordner fehlerhaft")
    func keineFremdenDateien() throws {
        let inhalt = try FileManager.default.contentsOfDirectory(atPath: Paket.datei("docs/examples").path)
        #expect(Set(inhalt) == Set(Beispielanzeigen.alle.map(\.datei) + ["fehlerhaft"]))
    }

    @Test("Das Beispiel in docs/anzeige-json.md ist die Anmeldung des Einzelunternehmens")
    func beispielImDokument() throws {
        let dokument = try Paket.text("docs/anzeige-json.md")
        let start = try #require(dokument.range(of: "```json\n"))
        let ende = try #require(dokument.range(of: "\n```", range: start.upperBound..<dokument.endIndex))
        let json = String(dokument[start.upperBound..<ende.lowerBound])
        #expect(try Anzeige.lesen(json: Data(json.utf8)) == Beispielanzeigen.einzelunternehmen)
    }
}
