import Foundation

/// A problem found while reading the JSON form of an Anzeige, before any rule runs: an unknown
/// field, a wrong type, a value outside a code list, an impossible date.
///
/// Reading never stops at the first problem: every problem of a document is collected, so that a
/// client sees all of them at once (RFC 9457 problem details list them all).
public struct EingabeProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Art: String, Sendable, Codable, Hashable {
        case unbekanntesFeld
        case falscherTyp
        case ungueltigerWert
        case fehlt
        case syntax
    }

    /// JSON path in dotted form, e.g. `personen[0].geburtsdatum`; empty for the whole document.
    public var pfad: String
    public var art: Art
    /// German text for staff, e.g. "Unbekanntes Feld 'geburtstag'".
    public var meldung: String

    public init(pfad: String, art: Art, meldung: String) {
        self.pfad = pfad
        self.art = art
        self.meldung = meldung
    }

    public var description: String { pfad.isEmpty ? meldung : "\(pfad): \(meldung)" }
}

/// The document could not be read as an Anzeige; `probleme` names every problem found.
public struct EingabeFehler: Error, Sendable, CustomStringConvertible {
    public var probleme: [EingabeProblem]
    public init(probleme: [EingabeProblem]) { self.probleme = probleme }
    public var description: String { probleme.map(\.description).joined(separator: "; ") }
}

/// Collects problems while a decoder walks a document. Shared by reference through the
/// decoder's `userInfo`; decoding runs on one thread, the lock only keeps the type `Sendable`.
final class ProblemSammler: @unchecked Sendable {
    private let lock = NSLock()
    private var gesammelt: [EingabeProblem] = []

    func melde(_ problem: EingabeProblem) {
        lock.lock()
        defer { lock.unlock() }
        if !gesammelt.contains(problem) { gesammelt.append(problem) }
    }

    var probleme: [EingabeProblem] {
        lock.lock()
        defer { lock.unlock() }
        return gesammelt
    }

    static let schluessel = CodingUserInfoKey(rawValue: "gewerbe.problemSammler")!
}

/// Any key, to see every key a JSON object has.
struct BeliebigerSchluessel: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Thrown by a nested object whose problems were already recorded, to stop its parent from
/// recording the same object again.
struct BereitsGemeldet: Error {}

/// Renders a coding path as `personen[0].geburtsdatum`.
func pfadText(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue {
            text += "[\(index)]"
        } else {
            if !text.isEmpty { text += "." }
            text += key.stringValue
        }
    }
    return text
}

/// Code lists whose raw values are the only accepted JSON strings.
public protocol Codewert: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension Meldeart: Codewert {}
extension Geschlecht: Codewert {}
extension Registerart: Codewert {}
extension Niederlassungsart: Codewert {}
extension GrundAnmeldung: Codewert {}
extension GrundAbmeldung: Codewert {}
extension GrundUmmeldung: Codewert {}
extension UrsacheAbmeldung: Codewert {}
extension BeteiligungOeffentlicheHand: Codewert {}
extension PersonFunktion: Codewert {}
extension Formularversion: Codewert {}
extension Eingangskanal: Codewert {}
extension WZKlassifikation: Codewert {}
extension Auskunftsart: Codewert {}

extension CodingUserInfoKey {
    /// The longest text ``FeldLeser/text(_:pflicht:)`` accepts, in characters (an `Int` in the
    /// decoder's `userInfo`, e.g. through ``StrengerLeser/lesen(_:aus:userInfo:)``); without it
    /// texts are not limited here.
    public static let maxTextLaenge = CodingUserInfoKey(rawValue: "gewerbe.maxTextLaenge")!
}

/// Reads the fields of one JSON object strictly: unknown keys, wrong types and values outside a
/// code list become ``EingabeProblem``s in the shared collector; the field then reads as `nil`
/// so that reading continues and finds every problem.
///
/// The Anzeige and its parts are read with it, and so are the small documents of the HTTP API
/// (a correction's envelope, a withdrawal's reason), so that every body reports its problems the
/// same way. Use it inside ``StrengerLeser/lesen(_:aus:userInfo:)``, which provides the collector.
public struct FeldLeser<K: CodingKey & CaseIterable> {
    private let container: KeyedDecodingContainer<K>
    private let sammler: ProblemSammler?
    private let basis: [any CodingKey]
    private let maxTextLaenge: Int?

    public init(_ decoder: any Decoder, _ keys: K.Type) throws {
        sammler = decoder.userInfo[ProblemSammler.schluessel] as? ProblemSammler
        basis = decoder.codingPath
        maxTextLaenge = decoder.userInfo[.maxTextLaenge] as? Int
        let alle: KeyedDecodingContainer<BeliebigerSchluessel>
        do {
            alle = try decoder.container(keyedBy: BeliebigerSchluessel.self)
        } catch {
            let problem = EingabeProblem(
                pfad: pfadText(decoder.codingPath), art: .falscherTyp, meldung: "Erwartet wird ein Objekt ({ ... })")
            guard let sammler else { throw error }
            sammler.melde(problem)
            throw BereitsGemeldet()
        }
        let erlaubt = Set(K.allCases.map(\.stringValue))
        for key in alle.allKeys where !erlaubt.contains(key.stringValue) {
            let problem = EingabeProblem(
                pfad: pfadText(decoder.codingPath + [key]), art: .unbekanntesFeld,
                meldung: "Unbekanntes Feld '\(key.stringValue)'")
            guard let sammler else { throw EingabeFehler(probleme: [problem]) }
            sammler.melde(problem)
        }
        container = try decoder.container(keyedBy: K.self)
    }

    private func melde(_ problem: EingabeProblem) {
        sammler?.melde(problem)
    }

    private func pfad(_ key: K) -> String { pfadText(basis + [key]) }

    /// An optional value of any decodable type; `null` and absence both read as `nil`.
    public func wert<T: Decodable>(_ key: K) -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: key)
        } catch is BereitsGemeldet {
            return nil
        } catch let error as DecodingError {
            melde(Self.problem(error, fallbackPfad: pfad(key), typ: T.self))
            return nil
        } catch let fehler as EingabeFehler {
            fehler.probleme.forEach(melde)
            return nil
        } catch {
            // Foundation reports some values (numbers too large or with a fraction for an
            // integer field) with its own error type; name the expected type instead.
            melde(
                EingabeProblem(
                    pfad: pfad(key), art: .ungueltigerWert,
                    meldung: "Ungültiger Wert: erwartet \(Self.typName(T.self))"))
            return nil
        }
    }

    /// A value of a code list: the message names the allowed values.
    public func code<T: Codewert>(_ key: K) -> T? {
        guard let text: String = wert(key) else { return nil }
        if let value = T(rawValue: text) { return value }
        let erlaubt = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        melde(
            EingabeProblem(
                pfad: pfad(key), art: .ungueltigerWert,
                meldung: "'\(text)' ist kein zulässiger Wert; erlaubt: \(erlaubt)"))
        return nil
    }

    /// A list of code values; each wrong element is reported with its index.
    public func codes<T: Codewert>(_ key: K) -> [T]? {
        guard let texte: [String] = wert(key) else { return nil }
        var result: [T] = []
        let erlaubt = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        for (index, text) in texte.enumerated() {
            if let value = T(rawValue: text) {
                result.append(value)
            } else {
                melde(
                    EingabeProblem(
                        pfad: pfad(key) + "[\(index)]", art: .ungueltigerWert,
                        meldung: "'\(text)' ist kein zulässiger Wert; erlaubt: \(erlaubt)"))
            }
        }
        return result
    }

    /// Whether `key` is given with a value other than `null`.
    public func vorhanden(_ key: K) -> Bool {
        container.contains(key) && ((try? container.decodeNil(forKey: key)) == false)
    }

    /// Whether the required field `key` is given and not `null`; reports it missing otherwise.
    public func verlangt(_ key: K) -> Bool {
        guard vorhanden(key) else {
            melde(EingabeProblem(pfad: pfad(key), art: .fehlt, meldung: "Pflichtfeld '\(key.stringValue)' fehlt"))
            return false
        }
        return true
    }

    /// A text of a small request document (a reason, a requester's name): at most
    /// ``Foundation/CodingUserInfoKey/maxTextLaenge`` characters; `pflicht`: given, not `null` and
    /// not blank. (The Anzeige's own texts are limited by a rule, GEW-FMT-010, not here.)
    public func text(_ key: K, pflicht: Bool = false) -> String? {
        if pflicht && !verlangt(key) { return nil }
        guard let text: String = wert(key) else { return nil }
        if pflicht && text.nichtLeer == nil {
            melde(EingabeProblem(pfad: pfad(key), art: .fehlt, meldung: "Pflichtfeld '\(key.stringValue)' ist leer"))
            return nil
        }
        if let maxTextLaenge, text.count > maxTextLaenge {
            melde(
                EingabeProblem(
                    pfad: pfad(key), art: .ungueltigerWert,
                    meldung: "Der Text ist zu lang (\(text.count) Zeichen, höchstens \(maxTextLaenge))"))
            return nil
        }
        return text
    }

    /// A value the document cannot do without (structural, not a rule of the law).
    public func pflicht<T: Decodable>(_ key: K) -> T? {
        guard container.contains(key) else {
            melde(EingabeProblem(pfad: pfad(key), art: .fehlt, meldung: "Pflichtfeld '\(key.stringValue)' fehlt"))
            return nil
        }
        return wert(key)
    }

    /// A code value the document cannot do without.
    public func pflichtCode<T: Codewert>(_ key: K) -> T? {
        guard container.contains(key) else {
            melde(EingabeProblem(pfad: pfad(key), art: .fehlt, meldung: "Pflichtfeld '\(key.stringValue)' fehlt"))
            return nil
        }
        return code(key)
    }

    static func problem(_ error: DecodingError, fallbackPfad: String, typ: Any.Type) -> EingabeProblem {
        switch error {
        case .typeMismatch(let erwartet, let context):
            let pfad = context.codingPath.isEmpty ? fallbackPfad : pfadText(context.codingPath)
            // Inside a list (`staatsangehoerigkeiten[0]`) the element's type is meant, not the list's.
            let gemeint = pfad == fallbackPfad ? typ : erwartet
            return EingabeProblem(pfad: pfad, art: .falscherTyp, meldung: "Falscher Typ: erwartet \(typName(gemeint))")
        case .valueNotFound(_, let context):
            let pfad = context.codingPath.isEmpty ? fallbackPfad : pfadText(context.codingPath)
            return EingabeProblem(pfad: pfad, art: .falscherTyp, meldung: "Wert fehlt (null): erwartet \(typName(typ))")
        case .keyNotFound(let key, let context):
            return EingabeProblem(
                pfad: pfadText(context.codingPath + [key]), art: .fehlt,
                meldung: "Pflichtfeld '\(key.stringValue)' fehlt")
        case .dataCorrupted(let context):
            let pfad = context.codingPath.isEmpty ? fallbackPfad : pfadText(context.codingPath)
            return EingabeProblem(pfad: pfad, art: .ungueltigerWert, meldung: context.debugDescription)
        @unknown default:
            return EingabeProblem(pfad: fallbackPfad, art: .ungueltigerWert, meldung: "\(error)")
        }
    }

    static func typName(_ typ: Any.Type) -> String {
        let name = String(describing: typ)
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "eine Liste ([ ... ])" }
        switch name {
        case "String": return "Text"
        case "Int": return "eine ganze Zahl"
        case "Bool": return "true oder false"
        case "Datum": return "ein Datum als Text (JJJJ-MM-TT)"
        case "UUID": return "eine UUID als Text"
        default: return "ein Objekt ({ ... })"
        }
    }
}

/// Reads documents strictly and reports every problem (see ``EingabeProblem``).
public enum StrengerLeser {
    /// Decodes `T` from JSON bytes; on any problem throws ``EingabeFehler`` listing all of them.
    /// Syntax errors (invalid JSON or UTF-8) name line and column where Foundation reports them.
    /// `userInfo` goes to the decoder (e.g. ``Foundation/CodingUserInfoKey/maxTextLaenge``).
    public static func lesen<T: Decodable>(
        _ typ: T.Type, aus daten: Data, userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws(EingabeFehler) -> T {
        if ersteUngueltigeUTF8Stelle(daten) != nil {
            throw EingabeFehler(probleme: [EingabeProblem(pfad: "", art: .syntax, meldung: syntaxMeldung(daten))])
        }
        // Stricter than Foundation: no comma before } or ], no key twice in one object.
        if let fehler = JSONSyntax.pruefe(daten) {
            throw EingabeFehler(probleme: [
                EingabeProblem(pfad: fehler.pfad, art: .syntax, meldung: syntaxMeldung(daten, fehler))
            ])
        }
        let sammler = ProblemSammler()
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        decoder.userInfo[ProblemSammler.schluessel] = sammler
        let ergebnis: T?
        do {
            ergebnis = try decoder.decode(T.self, from: daten)
        } catch is BereitsGemeldet {
            ergebnis = nil
        } catch let fehler as EingabeFehler {
            fehler.probleme.forEach(sammler.melde)
            ergebnis = nil
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                sammler.melde(EingabeProblem(pfad: "", art: .syntax, meldung: syntaxMeldung(daten)))
            } else {
                sammler.melde(FeldLeser<BeliebigerSchluesselListe>.problem(error, fallbackPfad: "", typ: T.self))
            }
            ergebnis = nil
        } catch {
            sammler.melde(EingabeProblem(pfad: "", art: .syntax, meldung: "Dokument nicht lesbar: \(error)"))
            ergebnis = nil
        }
        let probleme = sammler.probleme
        if let ergebnis, probleme.isEmpty { return ergebnis }
        throw EingabeFehler(
            probleme: probleme.isEmpty
                ? [EingabeProblem(pfad: "", art: .syntax, meldung: "Dokument nicht lesbar")] : probleme)
    }

    /// Describes a problem found by ``JSONSyntax`` with line and column.
    static func syntaxMeldung(_ daten: Data, _ fehler: JSONSyntax.Fehler) -> String {
        if daten.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return "Kein gültiges JSON: das Dokument ist leer"
        }
        let (zeile, spalte) = position(daten, offset: fehler.offset)
        return "Kein gültiges JSON: Fehler in Zeile \(zeile), Spalte \(spalte): \(fehler.meldung)"
    }

    /// Describes why `daten` is not JSON: invalid UTF-8 (with byte offset) or the first syntax
    /// error with line and column (Foundation's JSON parser reports a character offset).
    static func syntaxMeldung(_ daten: Data) -> String {
        if let offset = ersteUngueltigeUTF8Stelle(daten) {
            let (zeile, spalte) = position(daten, offset: offset)
            return
                "Keine gültige UTF-8-Kodierung: ungültiges Byte an Position \(offset) (Zeile \(zeile), Spalte \(spalte))"
        }
        if daten.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return "Kein gültiges JSON: das Dokument ist leer"
        }
        do {
            _ = try JSONSerialization.jsonObject(with: daten, options: [.fragmentsAllowed])
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            if let range = text.range(of: #"character (\d+)"#, options: .regularExpression),
                let zeichen = Int(text[range].dropFirst("character ".count))
            {
                let (zeile, spalte) = position(zeichen: zeichen, in: daten)
                return "Kein gültiges JSON: Fehler in Zeile \(zeile), Spalte \(spalte) (\(text))"
            }
            return "Kein gültiges JSON: \(text)"
        }
        return "Kein gültiges JSON: Erwartet wird ein Objekt ({ ... })"
    }

    /// The byte offset of the first invalid UTF-8 sequence, or `nil` if the data is valid UTF-8.
    static func ersteUngueltigeUTF8Stelle(_ daten: Data) -> Int? {
        if String(validating: daten, as: UTF8.self) != nil { return nil }
        var decoder = UTF8()
        var iterator = daten.makeIterator()
        var offset = 0
        var gelesen = 0
        var zaehlendIterator = AnyIterator<UInt8> {
            let byte = iterator.next()
            if byte != nil { gelesen += 1 }
            return byte
        }
        while true {
            switch decoder.decode(&zaehlendIterator) {
            case .scalarValue: offset = gelesen
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Line and column (1-based) of a byte offset.
    static func position(_ daten: Data, offset: Int) -> (Int, Int) {
        var zeile = 1
        var spalte = 1
        for byte in daten.prefix(offset) {
            if byte == 0x0A {
                zeile += 1
                spalte = 1
            } else if byte & 0xC0 != 0x80 {
                spalte += 1
            }
        }
        return (zeile, spalte)
    }

    /// Line and column (1-based) of a character offset as Foundation's parser counts it.
    static func position(zeichen: Int, in daten: Data) -> (Int, Int) {
        let text = String(decoding: daten, as: UTF8.self)
        var zeile = 1
        var spalte = 1
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= zeichen { break }
            if scalar == "\n" {
                zeile += 1
                spalte = 1
            } else {
                spalte += 1
            }
        }
        return (zeile, spalte)
    }
}

/// Placeholder key set for messages that are not about a specific object.
enum BeliebigerSchluesselListe: String, CodingKey, CaseIterable {
    case keiner
}
