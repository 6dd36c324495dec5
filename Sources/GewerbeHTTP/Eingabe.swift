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

    /// Reads a document strictly, its texts limited to ``APILimits/maxTextLaenge`` (passed to the
    /// decoder in its `userInfo`); every problem becomes a 400 listing all of them.
    static func lesen<T: Decodable>(_ typ: T.Type, aus daten: Data, limits: APILimits) throws -> T {
        do {
            return try StrengerLeser.lesen(T.self, aus: daten, userInfo: [.maxTextLaenge: limits.maxTextLaenge])
        } catch {
            throw APIProblem.eingabe(error)
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
    static func uuid(_ context: some RequestContext, _ name: String = "id") throws -> UUID {
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

/// Body of `POST /v1/anzeigen/{id}/berichtigungen`: the reason and the corrected Anzeige, read
/// by the domain's strict reader (problems of the envelope and of the Anzeige at once).
struct BerichtigungAnfrage: Decodable {
    let grund: String
    let anzeige: Anzeige

    enum CodingKeys: String, CodingKey, CaseIterable { case grund, anzeige }

    init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        let grund = f.text(.grund, pflicht: true)
        let anzeige: Anzeige? = f.verlangt(.anzeige) ? f.wert(.anzeige) : nil
        // Every problem is already with the strict reader's collector.
        guard let grund, let anzeige else { throw EingabeFehler(probleme: []) }
        self.grund = grund
        self.anzeige = anzeige
    }
}

/// Body of `POST /v1/anzeigen/{id}/ruecknahme`.
struct RuecknahmeAnfrage: Decodable {
    let grund: String

    enum CodingKeys: String, CodingKey, CaseIterable { case grund }

    init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        guard let grund = f.text(.grund, pflicht: true) else { throw EingabeFehler(probleme: []) }
        self.grund = grund
    }
}

/// Body of `POST /v1/anzeigen/{id}/empfangsbescheinigung` (optional).
struct EmpfangsbescheinigungAnfrage: Decodable {
    let datum: Datum?
    /// The indications of a violation the office found (section 3 Abs. 3 GewAnzV): the Zoll's
    /// message then carries the Verdachtsmoment.
    let anhaltspunkteZoll: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case datum, anhaltspunkteZoll }

    init(from decoder: any Decoder) throws {
        let leser = try FeldLeser(decoder, CodingKeys.self)
        datum = leser.wert(.datum)
        anhaltspunkteZoll = leser.wert(.anhaltspunkteZoll)
    }
}

/// Body of `POST /v1/auskuenfte`: the ``Auskunftsanfrage``, read strictly.
struct AuskunftAnfrage: Decodable {
    let anfrage: Auskunftsanfrage

    enum CodingKeys: String, CodingKey, CaseIterable {
        case art, name, anschrift, kommune, anfragender, begruendung, aktenzeichenAnfragender
    }

    init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        let art: Auskunftsart? = f.verlangt(.art) ? f.code(.art) : nil
        let name = f.text(.name)
        let anschrift = f.text(.anschrift)
        let kommune = f.text(.kommune)
        let anfragender = f.text(.anfragender, pflicht: true)
        let begruendung = f.text(.begruendung)
        let aktenzeichen = f.text(.aktenzeichenAnfragender)
        guard let art, let anfragender else { throw EingabeFehler(probleme: []) }
        anfrage = Auskunftsanfrage(
            art: art, name: name, anschrift: anschrift, kommune: kommune, anfragender: anfragender,
            begruendung: begruendung, aktenzeichenAnfragender: aktenzeichen)
    }
}
