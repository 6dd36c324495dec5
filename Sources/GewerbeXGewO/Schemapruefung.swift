import CLibXML2
import Foundation
import GewerbeDomain
import Synchronization

/// One finding of a schema check: the line of the message and libxml2's text.
public struct Schemabefund: Sendable, Hashable, Codable, CustomStringConvertible {
    public var zeile: Int
    public var meldung: String

    public init(zeile: Int, meldung: String) {
        self.zeile = zeile
        self.meldung = meldung
    }

    public var description: String { zeile > 0 ? "Zeile \(zeile): \(meldung)" : meldung }
}

/// A row of a bundle's `verzeichnis.csv`: which schema checks which messages of a version.
public struct Schemaeintrag: Sendable, Hashable, Codable {
    public var version: String
    /// A message type, or `*` for every type of the version.
    public var nachrichtentyp: String
    /// The schema's path inside the bundle.
    public var schema: String
    public var namensraum: String
    /// `vorlaeufig` for the project's own schema, `amtlich` for an official bundle.
    public var status: String
}

/// The faults of a schema bundle, all at once.
public struct Schemabuendelfehler: Error, Sendable, CustomStringConvertible {
    public var fehler: [String]
    public var description: String { fehler.joined(separator: "\n") }
}

/// The validator seam: schema bundles as data (`schemas/xgewo/`, embedded in the binary, or an
/// official bundle in a folder named by the configuration), the schema chosen by
/// (XGewO version, message type) from the bundle's `verzeichnis.csv`, checked in-process by
/// libxml2. XGewO 1.6 -> 1.7, or the official XSDs arriving, is a new folder and a row: data, not code.
///
/// libxml2 reads schema files only through this type: its external entity loader serves the
/// bundle's files and refuses every other file and every network address, so a schema or a
/// message cannot make the process read anything else.
public final class Schemaverzeichnis: Sendable {
    public let eintraege: [Schemaeintrag]
    private let wurzel: String
    private let kompiliert = Mutex<[String: Schemazeiger]>([:])

    /// The bundles shipped with the product (`schemas/xgewo/`).
    public static let eingebettet: Schemaverzeichnis = {
        do { return try Schemaverzeichnis(dateien: EingebetteteSchemata.dateien) } catch {
            fatalError("Die eingebetteten Schemata sind fehlerhaft: \(error)")
        }
    }()

    /// A bundle given as files by their path inside it; `verzeichnis.csv` names the schemas.
    public init(dateien: [String: String]) throws(Schemabuendelfehler) {
        guard let verzeichnis = dateien["verzeichnis.csv"] else {
            throw Schemabuendelfehler(fehler: ["verzeichnis.csv fehlt"])
        }
        var fehler: [String] = []
        var eintraege: [Schemaeintrag] = []
        for (nummer, zeile) in verzeichnis.split(separator: "\n").enumerated().dropFirst() {
            let spalten = zeile.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard spalten.count == 5 else {
                fehler.append("verzeichnis.csv, Zeile \(nummer + 1): \(spalten.count) Spalten statt 5")
                continue
            }
            let eintrag = Schemaeintrag(
                version: spalten[0], nachrichtentyp: spalten[1], schema: spalten[2], namensraum: spalten[3],
                status: spalten[4])
            if dateien[eintrag.schema] == nil {
                fehler.append("verzeichnis.csv, Zeile \(nummer + 1): \(eintrag.schema) fehlt im Bündel")
            }
            eintraege.append(eintrag)
        }
        guard fehler.isEmpty else { throw Schemabuendelfehler(fehler: fehler) }
        self.eintraege = eintraege
        self.wurzel = Dateiquelle.anmelden(dateien)
    }

    /// A bundle in a folder, e.g. the official XGewO bundle an operator has placed there.
    public convenience init(ordner: URL) throws(Schemabuendelfehler) {
        var dateien: [String: String] = [:]
        let pfade = FileManager.default.enumerator(atPath: ordner.path)?.compactMap { $0 as? String } ?? []
        for pfad in pfade where pfad.hasSuffix(".xsd") || pfad.hasSuffix(".csv") {
            guard let text = try? String(contentsOf: ordner.appending(path: pfad), encoding: .utf8) else {
                throw Schemabuendelfehler(fehler: ["\(pfad) ist nicht lesbar (UTF-8)"])
            }
            dateien[pfad] = text
        }
        try self.init(dateien: dateien)
    }

    /// The row for a message: the one naming its type, else the version's `*` row.
    public func eintrag(version: String, nachrichtentyp: String) -> Schemaeintrag? {
        eintraege.first { $0.version == version && $0.nachrichtentyp == nachrichtentyp }
            ?? eintraege.first { $0.version == version && $0.nachrichtentyp == "*" }
    }

    /// Every finding of the schema check of a message; empty when it is valid.
    public func pruefe(_ xml: String, version: String, nachrichtentyp: String) -> [Schemabefund] {
        guard let eintrag = eintrag(version: version, nachrichtentyp: nachrichtentyp) else {
            return [Schemabefund(zeile: 0, meldung: "kein Schema für XGewO \(version), \(nachrichtentyp)")]
        }
        let schema: Schemazeiger
        switch schemaZeiger(eintrag.schema) {
        case .success(let zeiger): schema = zeiger
        case .failure(let liste): return liste.befunde
        }
        return Libxml2.pruefe(xml, schema: schema)
    }

    private func schemaZeiger(_ pfad: String) -> Result<Schemazeiger, SchemabefundListe> {
        if let vorhanden = kompiliert.withLock({ $0[pfad] }) { return .success(vorhanden) }
        let ergebnis = Libxml2.kompiliere(wurzel + pfad)
        if case .success(let zeiger) = ergebnis {
            kompiliert.withLock { $0[pfad] = $0[pfad] ?? zeiger }
        }
        return ergebnis
    }
}

struct SchemabefundListe: Error {
    var befunde: [Schemabefund]
}

extension Result where Failure == SchemabefundListe {
    fileprivate static func failure(_ befunde: [Schemabefund]) -> Self { .failure(SchemabefundListe(befunde: befunde)) }
}

/// A compiled schema. libxml2 does not change it after parsing; validation contexts are per call.
final class Schemazeiger: @unchecked Sendable {
    let zeiger: xmlSchemaPtr
    init(_ zeiger: xmlSchemaPtr) { self.zeiger = zeiger }
    deinit { xmlSchemaFree(zeiger) }
}

/// The files libxml2 may read, under virtual roots `/gewerbe-schemata/<n>/`.
enum Dateiquelle {
    static let praefix = "/gewerbe-schemata/"
    private static let buendel = Mutex<[[String: String]]>([])

    /// Registers a bundle and returns its root.
    static func anmelden(_ dateien: [String: String]) -> String {
        Libxml2.einrichten()
        let nummer = buendel.withLock { liste in
            liste.append(dateien)
            return liste.count - 1
        }
        return "\(praefix)\(nummer)/"
    }

    /// The text of a virtual path (`..` resolved), `nil` for anything else.
    static func text(_ url: String) -> String? {
        var pfad = url
        if pfad.hasPrefix("file://") { pfad.removeFirst("file://".count) }
        guard pfad.hasPrefix(praefix) else { return nil }
        var teile: [Substring] = []
        for teil in pfad.dropFirst(praefix.count).split(separator: "/") {
            switch teil {
            case ".": continue
            case "..":
                guard teile.count > 1 else { return nil }
                teile.removeLast()
            default: teile.append(teil)
            }
        }
        guard let erster = teile.first, let nummer = Int(erster) else { return nil }
        let schluessel = teile.dropFirst().joined(separator: "/")
        return buendel.withLock { liste in nummer < liste.count ? liste[nummer][schluessel] : nil }
    }
}

/// The calls into libxml2.
enum Libxml2 {
    private static let eingerichtet: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { url, _, kontext in
            guard let url, let text = Dateiquelle.text(String(cString: url)) else { return nil }
            // The memory buffer copies the text; the input stream takes the buffer over.
            let puffer = text.withCString {
                xmlParserInputBufferCreateMem($0, Int32(strlen($0)), XML_CHAR_ENCODING_UTF8)
            }
            guard let puffer, let eingabe = xmlNewIOInputStream(kontext, puffer, XML_CHAR_ENCODING_UTF8) else {
                if let puffer { xmlFreeParserInputBuffer(puffer) }
                return nil
            }
            eingabe.pointee.filename = UnsafePointer(strdup(url))
            return eingabe
        }
        return true
    }()

    static func einrichten() { _ = eingerichtet }

    /// Collects libxml2's structured errors.
    final class Sammler {
        var befunde: [Schemabefund] = []
        var zeiger: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
    }

    static let sammeln: xmlStructuredErrorFunc = { kontext, fehler in
        guard let kontext, let fehler else { return }
        let sammler = Unmanaged<Sammler>.fromOpaque(kontext).takeUnretainedValue()
        let text = fehler.pointee.message.map { String(cString: $0) } ?? "unbekannter Fehler"
        sammler.befunde.append(
            Schemabefund(zeile: Int(fehler.pointee.line), meldung: text.trimmingCharacters(in: .whitespacesAndNewlines))
        )
    }

    static func kompiliere(_ pfad: String) -> Result<Schemazeiger, SchemabefundListe> {
        einrichten()
        let sammler = Sammler()
        guard let parser = xmlSchemaNewParserCtxt(pfad) else {
            return .failure([Schemabefund(zeile: 0, meldung: "\(pfad): kein Parser")])
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, sammeln, sammler.zeiger)
        let schema = withExtendedLifetime(sammler) { xmlSchemaParse(parser) }
        guard let schema, sammler.befunde.isEmpty else {
            if let schema { xmlSchemaFree(schema) }
            return .failure(
                sammler.befunde.isEmpty ? [Schemabefund(zeile: 0, meldung: "\(pfad): nicht lesbar")] : sammler.befunde)
        }
        return .success(Schemazeiger(schema))
    }

    /// Parses the message (no network, no DTD: a document with one is refused) and validates it.
    static func pruefe(_ xml: String, schema: Schemazeiger) -> [Schemabefund] {
        let sammler = Sammler()
        let optionen = Int32(XML_PARSE_NONET.rawValue)
        let bytes = Array(xml.utf8)
        xmlSetStructuredErrorFunc(sammler.zeiger, sammeln)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let dokument = bytes.withUnsafeBufferPointer { puffer in
            puffer.baseAddress.flatMap { basis in
                basis.withMemoryRebound(to: CChar.self, capacity: puffer.count) {
                    xmlReadMemory($0, Int32(puffer.count), "nachricht.xml", "UTF-8", optionen)
                }
            }
        }
        guard let dokument else {
            return sammler.befunde.isEmpty
                ? [Schemabefund(zeile: 0, meldung: "kein wohlgeformtes XML")] : sammler.befunde
        }
        defer { xmlFreeDoc(dokument) }
        if dokument.pointee.intSubset != nil {
            return [Schemabefund(zeile: 0, meldung: "Dokumenttypdeklaration (DTD) nicht erlaubt")]
        }
        guard let validierer = xmlSchemaNewValidCtxt(schema.zeiger) else {
            return [Schemabefund(zeile: 0, meldung: "kein Validierungskontext")]
        }
        defer { xmlSchemaFreeValidCtxt(validierer) }
        xmlSchemaSetValidStructuredErrors(validierer, sammeln, sammler.zeiger)
        let ergebnis = withExtendedLifetime(sammler) { xmlSchemaValidateDoc(validierer, dokument) }
        if ergebnis != 0 && sammler.befunde.isEmpty {
            return [Schemabefund(zeile: 0, meldung: "ungültig (libxml2 \(ergebnis))")]
        }
        return sammler.befunde
    }
}
