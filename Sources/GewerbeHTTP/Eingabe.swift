import Foundation
import GewerbeDomain
import Hummingbird

/// Reading what a client sends: the body (media type, size, strict JSON), query parameters and
/// headers. Every check reports all problems it finds at once.
enum Eingabe {
    /// The body as bytes, after checking the media type (`application/json`, optionally with
    /// `charset=utf-8`; else 415) and the size (else 413). `optional`: an empty body is allowed
    /// (and then needs no media type).
    static func koerper(_ request: Request, limits: APILimits, optional: Bool = false) async throws -> Data? {
        if let laenge = request.headers[.contentLength].flatMap(Int.init), laenge > limits.maxBodyBytes {
            throw zuGross(limits)
        }
        let typ = request.headers[.contentType]
        if optional && typ == nil && (request.headers[.contentLength] == nil || request.headers[.contentLength] == "0")
        {
            let rest = try await sammle(request, limits: limits)
            if rest.isEmpty { return nil }
            throw APIProblem(.medientyp, "Der Inhalt braucht den Medientyp application/json (Content-Type fehlt).")
        }
        try pruefeMedientyp(typ)
        let daten = try await sammle(request, limits: limits)
        if daten.isEmpty {
            if optional { return nil }
            throw APIProblem(
                .eingabeUngueltig, "Die Anfrage braucht einen JSON-Inhalt.",
                probleme: [EingabeProblem(pfad: "", art: .syntax, meldung: "Kein gültiges JSON: das Dokument ist leer")]
            )
        }
        return daten
    }

    private static func sammle(_ request: Request, limits: APILimits) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
            return Data(buffer.readableBytesView)
        } catch let fehler as any HTTPResponseError where fehler.status == .contentTooLarge {
            throw zuGross(limits)
        }
    }

    static func zuGross(_ limits: APILimits) -> APIProblem {
        APIProblem(.zuGross, "Der Inhalt ist größer als \(limits.maxBodyBytes) Bytes.")
    }

    /// `application/json` with no parameter but `charset=utf-8` (any case, optional quotes).
    static func pruefeMedientyp(_ typ: String?) throws {
        guard let typ else {
            throw APIProblem(.medientyp, "Der Inhalt braucht den Medientyp application/json (Content-Type fehlt).")
        }
        let teile = typ.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let basis = teile.first?.lowercased(), basis == "application/json" else {
            throw APIProblem(.medientyp, "Medientyp '\(typ)' wird nicht angenommen; erwartet: application/json.")
        }
        for parameter in teile.dropFirst() where !parameter.isEmpty {
            let paar = parameter.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            guard paar.count == 2, paar[0].lowercased() == "charset", paar[1].lowercased() == "utf-8" else {
                throw APIProblem(.medientyp, "Medientyp '\(typ)' wird nicht angenommen; erlaubt ist nur charset=utf-8.")
            }
        }
    }

    /// Reads a document strictly; every problem becomes a 400 listing all of them.
    static func lesen<T: Decodable>(_ typ: T.Type, aus daten: Data, limits: APILimits) throws -> T {
        do {
            return try Textgrenze.$zeichen.withValue(limits.maxTextLaenge) {
                try StrengerLeser.lesen(T.self, aus: daten)
            }
        } catch let fehler as EingabeFehler {
            throw APIProblem.eingabe(fehler)
        }
    }

    /// Reads an Anzeige strictly (400 listing every input problem).
    static func anzeige(aus daten: Data) throws -> Anzeige {
        do {
            return try Anzeige.lesen(json: daten)
        } catch {
            throw APIProblem.eingabe(error)
        }
    }

    /// A path parameter that must be a UUID; anything else names no resource (404).
    static func uuid(_ context: GewerbeRequestContext, _ name: String = "id") throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIProblem(
                .nichtGefunden, "'\(context.parameters.get(name) ?? "")' ist keine gültige ID (UUID erwartet).")
        }
        return id
    }

    /// The `Idempotency-Key` header: 1-255 visible ASCII characters.
    static func idempotenzSchluessel(_ request: Request) throws -> String? {
        let werte = request.headers[values: .idempotencyKey]
        guard let wert = werte.first else { return nil }
        guard werte.count == 1, (1...255).contains(wert.utf8.count), wert.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw APIProblem(
                .kopfzeileUngueltig,
                "Idempotency-Key muss genau einmal angegeben sein, mit 1 bis 255 sichtbaren ASCII-Zeichen.",
                probleme: [
                    EingabeProblem(
                        pfad: "Idempotency-Key", art: .ungueltigerWert,
                        meldung: "1 bis 255 sichtbare ASCII-Zeichen erwartet")
                ])
        }
        return wert
    }
}

/// Reads query parameters: only known names, each at most once, every value checked; all
/// problems at once (400 naming each parameter).
struct AbfrageLeser {
    private var werte: [String: String] = [:]
    private(set) var probleme: [EingabeProblem] = []

    init(_ request: Request, erlaubt: Set<String>) {
        var gesehen = Set<String>()
        for (name, wert) in request.uri.queryParameters {
            let name = String(name)
            if !erlaubt.contains(name) {
                let liste = erlaubt.sorted().joined(separator: ", ")
                probleme.append(
                    EingabeProblem(
                        pfad: name, art: .unbekanntesFeld, meldung: "Unbekannter Parameter '\(name)'; erlaubt: \(liste)"
                    ))
                continue
            }
            if gesehen.contains(name) {
                probleme.append(
                    EingabeProblem(pfad: name, art: .ungueltigerWert, meldung: "Parameter '\(name)' mehrfach angegeben")
                )
                continue
            }
            gesehen.insert(name)
            werte[name] = String(wert)
        }
    }

    mutating func text(_ name: String, maxLaenge: Int = 200) -> String? {
        guard let wert = werte[name] else { return nil }
        guard let text = wert.nichtLeer else {
            probleme.append(EingabeProblem(pfad: name, art: .ungueltigerWert, meldung: "Parameter '\(name)' ist leer"))
            return nil
        }
        guard text.count <= maxLaenge else {
            probleme.append(
                EingabeProblem(
                    pfad: name, art: .ungueltigerWert,
                    meldung: "Parameter '\(name)' ist länger als \(maxLaenge) Zeichen"))
            return nil
        }
        return text
    }

    mutating func datum(_ name: String) -> Datum? {
        guard let wert = werte[name] else { return nil }
        guard let datum = Datum(iso: wert) else {
            probleme.append(
                EingabeProblem(
                    pfad: name, art: .ungueltigerWert,
                    meldung: "'\(wert)' ist kein gültiges Datum (erwartet: JJJJ-MM-TT)"))
            return nil
        }
        return datum
    }

    mutating func wahrheitswert(_ name: String) -> Bool? {
        guard let wert = werte[name] else { return nil }
        switch wert {
        case "true": return true
        case "false": return false
        default:
            probleme.append(
                EingabeProblem(
                    pfad: name, art: .ungueltigerWert, meldung: "'\(wert)' ist kein Wahrheitswert (true oder false)"))
            return nil
        }
    }

    mutating func code<T: RawRepresentable & CaseIterable>(_ name: String, _ typ: T.Type) -> T?
    where T.RawValue == String {
        guard let wert = werte[name] else { return nil }
        guard let code = T(rawValue: wert) else {
            let erlaubt = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            probleme.append(
                EingabeProblem(
                    pfad: name, art: .ungueltigerWert,
                    meldung: "'\(wert)' ist kein zulässiger Wert; erlaubt: \(erlaubt)"))
            return nil
        }
        return code
    }

    mutating func ags(_ name: String) -> String? {
        guard let wert = werte[name] else { return nil }
        guard AGS.istGueltig(wert) else {
            probleme.append(
                EingabeProblem(
                    pfad: name, art: .ungueltigerWert, meldung: "'\(wert)' ist kein Gemeindeschlüssel (8 Ziffern)"))
            return nil
        }
        return wert
    }

    mutating func limit(_ limits: APILimits) -> Int {
        guard let wert = werte["limit"] else { return limits.standardSeitengroesse }
        guard let zahl = Int(wert), (1...limits.maxSeitengroesse).contains(zahl) else {
            probleme.append(
                EingabeProblem(
                    pfad: "limit", art: .ungueltigerWert,
                    meldung: "'\(wert)' ist keine zulässige Seitengröße (1 bis \(limits.maxSeitengroesse))"))
            return limits.standardSeitengroesse
        }
        return zahl
    }

    /// An opaque cursor from an earlier page: base64url characters, at most 512.
    mutating func cursor() -> String? {
        guard let wert = werte["cursor"] else { return nil }
        let erlaubt = wert.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x3D
        }
        guard !wert.isEmpty, wert.utf8.count <= 512, erlaubt else {
            probleme.append(EingabeProblem(pfad: "cursor", art: .ungueltigerWert, meldung: "Der Cursor ist ungültig"))
            return nil
        }
        return wert
    }

    mutating func meldeZusaetzlich(_ problem: EingabeProblem) { probleme.append(problem) }

    /// Throws the 400 if any parameter was wrong.
    func pruefe() throws {
        guard probleme.isEmpty else {
            throw APIProblem(
                .abfrageUngueltig,
                probleme.count == 1
                    ? "Ein Abfrageparameter ist ungültig: \(probleme[0].description)"
                    : "\(probleme.count) Abfrageparameter sind ungültig.",
                probleme: probleme)
        }
    }
}

/// Reads the fields of a small request document strictly (unknown fields, wrong types, missing
/// or too long texts), collecting problems; nested Anzeigen are read by the domain's strict
/// reader and report into the same collection (``StrengerLeser``).
struct ObjektLeser {
    struct Schluessel: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private let container: KeyedDecodingContainer<Schluessel>
    private let basis: String
    private let maxLaenge: Int
    private(set) var probleme: [EingabeProblem] = []
    /// Whether a nested reader already reported a problem (then the document is rejected even if
    /// this reader found none).
    private(set) var verschachtelterFehler = false

    init(_ decoder: any Decoder, erlaubt: [String], maxLaenge: Int) throws {
        basis = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        self.maxLaenge = maxLaenge
        do {
            container = try decoder.container(keyedBy: Schluessel.self)
        } catch {
            throw EingabeFehler(probleme: [
                EingabeProblem(pfad: basis, art: .falscherTyp, meldung: "Erwartet wird ein Objekt ({ ... })")
            ])
        }
        let bekannt = Set(erlaubt)
        for key in container.allKeys where !bekannt.contains(key.stringValue) {
            probleme.append(
                EingabeProblem(
                    pfad: pfad(key.stringValue), art: .unbekanntesFeld, meldung: "Unbekanntes Feld '\(key.stringValue)'"
                ))
        }
    }

    private func pfad(_ name: String) -> String { basis.isEmpty ? name : "\(basis).\(name)" }

    private mutating func melde(_ name: String, _ art: EingabeProblem.Art, _ meldung: String) {
        probleme.append(EingabeProblem(pfad: pfad(name), art: art, meldung: meldung))
    }

    private func vorhanden(_ name: String) -> Bool {
        let key = Schluessel(stringValue: name)
        return container.contains(key) && ((try? container.decodeNil(forKey: key)) == false)
    }

    mutating func text(_ name: String, pflicht: Bool = false) -> String? {
        guard vorhanden(name) else {
            if pflicht { melde(name, .fehlt, "Pflichtfeld '\(name)' fehlt") }
            return nil
        }
        guard let wert = try? container.decode(String.self, forKey: Schluessel(stringValue: name)) else {
            melde(name, .falscherTyp, "Falscher Typ: erwartet Text")
            return nil
        }
        if pflicht && wert.nichtLeer == nil {
            melde(name, .fehlt, "Pflichtfeld '\(name)' ist leer")
            return nil
        }
        if wert.count > maxLaenge {
            melde(name, .ungueltigerWert, "Der Text ist zu lang (\(wert.count) Zeichen, höchstens \(maxLaenge))")
            return nil
        }
        return wert
    }

    mutating func datum(_ name: String) -> Datum? {
        guard vorhanden(name) else { return nil }
        guard let text = try? container.decode(String.self, forKey: Schluessel(stringValue: name)) else {
            melde(name, .falscherTyp, "Falscher Typ: erwartet ein Datum als Text (JJJJ-MM-TT)")
            return nil
        }
        guard let datum = Datum(iso: text) else {
            melde(name, .ungueltigerWert, "'\(text)' ist kein gültiges Datum (erwartet: JJJJ-MM-TT)")
            return nil
        }
        return datum
    }

    mutating func code<T: RawRepresentable & CaseIterable>(_ name: String, _ typ: T.Type, pflicht: Bool) -> T?
    where T.RawValue == String {
        guard vorhanden(name) else {
            if pflicht { melde(name, .fehlt, "Pflichtfeld '\(name)' fehlt") }
            return nil
        }
        guard let text = try? container.decode(String.self, forKey: Schluessel(stringValue: name)) else {
            melde(name, .falscherTyp, "Falscher Typ: erwartet Text")
            return nil
        }
        guard let wert = T(rawValue: text) else {
            let erlaubt = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            melde(name, .ungueltigerWert, "'\(text)' ist kein zulässiger Wert; erlaubt: \(erlaubt)")
            return nil
        }
        return wert
    }

    /// A nested Anzeige, read by the domain's strict reader (its problems go to the shared collector).
    mutating func anzeige(_ name: String) -> Anzeige? {
        guard vorhanden(name) else {
            melde(name, .fehlt, "Pflichtfeld '\(name)' fehlt")
            return nil
        }
        do {
            return try container.decode(Anzeige.self, forKey: Schluessel(stringValue: name))
        } catch let fehler as EingabeFehler {
            probleme += fehler.probleme
        } catch is DecodingError {
            melde(name, .falscherTyp, "Erwartet wird ein Objekt ({ ... })")
        } catch {
            // Already reported to the shared collector by the nested reader.
            verschachtelterFehler = true
        }
        return nil
    }

    /// Throws when anything was wrong (the strict reader then reports every collected problem).
    func abschluss() throws {
        if !probleme.isEmpty || verschachtelterFehler { throw EingabeFehler(probleme: probleme) }
    }
}

/// Body of `POST /v1/anzeigen/{id}/berichtigungen`.
struct BerichtigungAnfrage: Decodable {
    static let felder = ["grund", "anzeige"]
    let grund: String
    let anzeige: Anzeige

    init(from decoder: any Decoder) throws {
        var leser = try ObjektLeser(decoder, erlaubt: Self.felder, maxLaenge: Self.maxLaenge(decoder))
        let grund = leser.text("grund", pflicht: true)
        let anzeige = leser.anzeige("anzeige")
        try leser.abschluss()
        guard let grund, let anzeige else { throw EingabeFehler(probleme: []) }
        self.grund = grund
        self.anzeige = anzeige
    }
}

/// Body of `POST /v1/anzeigen/{id}/ruecknahme`.
struct RuecknahmeAnfrage: Decodable {
    let grund: String

    init(from decoder: any Decoder) throws {
        var leser = try ObjektLeser(decoder, erlaubt: ["grund"], maxLaenge: Self.maxLaenge(decoder))
        let grund = leser.text("grund", pflicht: true)
        try leser.abschluss()
        guard let grund else { throw EingabeFehler(probleme: []) }
        self.grund = grund
    }
}

/// Body of `POST /v1/anzeigen/{id}/empfangsbescheinigung` (optional).
struct EmpfangsbescheinigungAnfrage: Decodable {
    let datum: Datum?

    init(from decoder: any Decoder) throws {
        var leser = try ObjektLeser(decoder, erlaubt: ["datum"], maxLaenge: Self.maxLaenge(decoder))
        datum = leser.datum("datum")
        try leser.abschluss()
    }
}

/// Body of `POST /v1/auskuenfte`: the ``Auskunftsanfrage``, read strictly.
struct AuskunftAnfrage: Decodable {
    static let felder = [
        "art", "name", "anschrift", "kommune", "anfragender", "begruendung", "aktenzeichenAnfragender",
    ]
    let anfrage: Auskunftsanfrage

    init(from decoder: any Decoder) throws {
        var leser = try ObjektLeser(decoder, erlaubt: Self.felder, maxLaenge: Self.maxLaenge(decoder))
        let art = leser.code("art", Auskunftsart.self, pflicht: true)
        let name = leser.text("name")
        let anschrift = leser.text("anschrift")
        let kommune = leser.text("kommune")
        let anfragender = leser.text("anfragender", pflicht: true)
        let begruendung = leser.text("begruendung")
        let aktenzeichen = leser.text("aktenzeichenAnfragender")
        try leser.abschluss()
        guard let art, let anfragender else { throw EingabeFehler(probleme: []) }
        anfrage = Auskunftsanfrage(
            art: art, name: name, anschrift: anschrift, kommune: kommune, anfragender: anfragender,
            begruendung: begruendung,
            aktenzeichenAnfragender: aktenzeichen)
    }
}

/// The text limit of the request being read (the strict reader makes its own decoder, so the
/// limit travels as a task-local value, set by ``Eingabe/lesen(_:aus:limits:)``).
enum Textgrenze {
    @TaskLocal static var zeichen = APILimits().maxTextLaenge
}

extension Decodable {
    static func maxLaenge(_ decoder: any Decoder) -> Int { Textgrenze.zeichen }
}
