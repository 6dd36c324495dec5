import AsyncHTTPClient
import Foundation
import GewerbeDomain
import Logging
import NIOHTTP1

/// Configuration of the WebDAV adapter (for DMS and file shares without CMIS).
public struct WebDAVAblageConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The collection below which the adapter files, e.g. `https://dms.example/dav/gewerbe/`.
    /// Must not contain credentials (use ``credentials``).
    public var baseURL: String
    /// HTTP Basic credentials, or `nil`.
    public var credentials: HTTPCredentials?
    /// Deadline of one HTTP request including its response body.
    public var requestTimeout: Duration
    /// XML namespace of the dead properties.
    public var namespace: String
    /// Sets the metadata as dead properties (`PROPPATCH`); switch off for servers without.
    public var writeProperties: Bool
    /// Writes `<name>.metadata.json` next to every Akte, Vorgang and Dokument.
    public var writeSidecar: Bool
    /// Downloads every newly filed document and compares its SHA-256; without it only the
    /// length is compared (`getcontentlength`).
    public var verifyContentAfterUpload: Bool
    /// Largest response body the adapter reads.
    public var maxResponseBytes: Int

    public init(
        baseURL: String, credentials: HTTPCredentials? = nil, requestTimeout: Duration = .seconds(30),
        namespace: String = "urn:gewerbe:metadaten", writeProperties: Bool = true, writeSidecar: Bool = true,
        verifyContentAfterUpload: Bool = true, maxResponseBytes: Int = 256 << 20
    ) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.requestTimeout = requestTimeout
        self.namespace = namespace
        self.writeProperties = writeProperties
        self.writeSidecar = writeSidecar
        self.verifyContentAfterUpload = verifyContentAfterUpload
        self.maxResponseBytes = maxResponseBytes
    }

    /// Without the password.
    public var description: String {
        "WebDAVAblageConfiguration(baseURL: \(baseURL), credentials: \(credentials.map { "\($0)" } ?? "-"))"
    }
}

/// Files Akten, Vorgaenge and Dokumente into a WebDAV share (RFC 4918): one collection per level
/// (`<AGS>/Betrieb-<betriebId>/<Aktenzeichen>/`), metadata as dead properties in
/// ``WebDAVAblageConfiguration/namespace`` and in a sidecar `<name>.metadata.json`.
///
/// Object ids are URL paths (`/dav/gewerbe/06636001/Betrieb-.../06636001-2026-000042/`).
///
/// Idempotent: collections are looked up (`PROPFIND`) before `MKCOL` and a `405` ("exists") is
/// accepted. Documents are uploaded to a temporary name and moved into place with
/// `Overwrite: F`, so that a broken upload never appears under the final name; an existing
/// document is accepted only with the expected SHA-256 (property, else content), a different
/// one is a `.dauerhaft` error.
public struct WebDAVAblage: EAkteAblage {
    public let art = "webdav"
    public let configuration: WebDAVAblageConfiguration

    private let http: EAkteHTTP
    private let logger: Logger
    /// `scheme://host:port` of the base URL.
    private let origin: String
    /// The base collection's path, ending with `/`.
    private let basisPfad: String

    /// - Parameter httpClient: the client to use; the caller owns it.
    /// - Throws: `EAkteFehler.dauerhaft` for an invalid URL or one with credentials in it.
    public init(
        configuration: WebDAVAblageConfiguration, httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "gewerbe.eakte.webdav")
    ) throws {
        _ = try EAkteHTTP.pruefeURL(configuration.baseURL, "baseURL")
        guard let components = URLComponents(string: configuration.baseURL), let scheme = components.scheme,
            let host = components.host
        else { throw EAkteFehler(.dauerhaft, "baseURL ist keine gültige URL") }
        self.configuration = configuration
        self.logger = logger
        self.origin = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
        let pfad = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        self.basisPfad = pfad.hasSuffix("/") ? pfad : pfad + "/"
        self.http = EAkteHTTP(
            client: httpClient, credentials: configuration.credentials, timeout: configuration.requestTimeout,
            maxResponseBytes: configuration.maxResponseBytes, logger: logger)
    }

    // MARK: - EAkteAblage

    public func ensureAkte(_ akte: AkteMetadaten) async throws -> EAkteObjektID {
        try await ensureSammlung(basisPfad + seg(AblageNamen.gemeinde(akte.gemeindeschluessel)) + "/")
        let pfad =
            basisPfad + seg(AblageNamen.gemeinde(akte.gemeindeschluessel)) + "/"
            + seg(AblageNamen.akte(betriebId: akte.betriebId)) + "/"
        try await ensureSammlung(
            pfad, art: "akte", felder: AblageMetadaten.akte(akte),
            schluessel: (.betriebId, akte.betriebId.lowercased))
        return EAkteObjektID(pfad)
    }

    public func ensureVorgang(_ vorgang: VorgangMetadaten, inAkte akte: EAkteObjektID) async throws -> EAkteObjektID {
        let aktePfad = akte.rawValue.hasSuffix("/") ? akte.rawValue : akte.rawValue + "/"
        let pfad = aktePfad + seg(AblageNamen.vorgang(aktenzeichen: vorgang.aktenzeichen)) + "/"
        try await ensureSammlung(
            pfad, art: "vorgang", felder: AblageMetadaten.vorgang(vorgang),
            schluessel: (.anzeigeId, vorgang.anzeigeId.lowercased))
        return EAkteObjektID(pfad)
    }

    public func fileDokument(
        _ dokument: AblageDokument, inVorgang vorgang: EAkteObjektID
    ) async throws
        -> AblageQuittung
    {
        let vorgangPfad = vorgang.rawValue.hasSuffix("/") ? vorgang.rawValue : vorgang.rawValue + "/"
        let name = AblageNamen.dokument(dokument.name)
        let pfad = vorgangPfad + seg(name)
        let erwartet = dokument.sha256.lowercased()
        if let vorhanden = try await propfind(pfad) {
            return try await pruefeVorhandenes(vorhanden, dokument, pfad: pfad)
        }
        // Upload under a temporary name, then move into place without overwriting.
        let temporaer = vorgangPfad + seg(".upload-\(erwartet.prefix(16))-\(name)")
        try await hochladen(temporaer, dokument)
        let move = try await http.send(
            .MOVE, origin + temporaer, headers: [("Destination", origin + pfad), ("Overwrite", "F")])
        switch move.status {
        case 201, 204:
            break
        case 412:
            // Someone put it there meanwhile: drop ours and check theirs.
            _ = try? await http.send(.DELETE, origin + temporaer)
            guard let vorhanden = try await propfind(pfad) else { throw EAkteHTTP.fehler(move, "MOVE \(pfad)") }
            return try await pruefeVorhandenes(vorhanden, dokument, pfad: pfad)
        default:
            throw EAkteHTTP.fehler(move, "MOVE \(pfad)")
        }
        logger.info("document filed", metadata: ["path": "\(pfad)"])
        try await metadatenSchreiben(pfad, art: "dokument", felder: AblageMetadaten.dokument(dokument), vorhanden: [:])
        return try await bestaetige(pfad, dokument)
    }

    public func markVorgangErledigt(_ vorgang: EAkteObjektID, metadaten: VorgangMetadaten) async throws {
        let pfad = vorgang.rawValue.hasSuffix("/") ? vorgang.rawValue : vorgang.rawValue + "/"
        guard let vorhanden = try await propfind(pfad), vorhanden.istSammlung else {
            throw EAkteFehler(.dauerhaft, "Vorgang \(pfad) gibt es in der eAkte nicht (mehr)")
        }
        if configuration.writeProperties {
            if wert(vorhanden, .status) != "erledigt" {
                try await proppatch(pfad, [(.status, "erledigt")])
            }
        }
        if configuration.writeSidecar {
            try await sidecarSchreiben(
                pfad, art: "vorgang", felder: AblageMetadaten.vorgang(metadaten, status: "erledigt"))
        }
        logger.info("Vorgang completed", metadata: ["path": "\(pfad)"])
    }

    public func lookupDokument(
        name: String, vorgang: VorgangMetadaten, akte: AkteMetadaten
    ) async throws
        -> AblageQuittung?
    {
        let pfad =
            basisPfad + seg(AblageNamen.gemeinde(akte.gemeindeschluessel)) + "/"
            + seg(AblageNamen.akte(betriebId: akte.betriebId)) + "/"
            + seg(AblageNamen.vorgang(aktenzeichen: vorgang.aktenzeichen)) + "/" + seg(AblageNamen.dokument(name))
        guard let vorhanden = try await propfind(pfad) else { return nil }
        guard !vorhanden.istSammlung else { throw EAkteFehler(.dauerhaft, "\(pfad) ist eine Sammlung, kein Dokument") }
        let inhalt = try await laden(pfad) ?? Data()
        return AblageQuittung(
            objektId: EAkteObjektID(pfad), sha256: AblageMetadaten.sha256(inhalt), groesse: inhalt.count)
    }

    // MARK: - Collections

    private func seg(_ name: String) -> String { EAkteHTTP.segment(name) }

    /// Finds or creates a collection (and its parents below the base); sets missing metadata.
    @discardableResult
    private func ensureSammlung(
        _ pfad: String, art: String? = nil, felder: [(AblageFeld, String)]? = nil,
        schluessel: (AblageFeld, String)? = nil
    ) async throws -> WebDAVXML.Antwort {
        if let vorhanden = try await propfind(pfad) {
            guard vorhanden.istSammlung else { throw EAkteFehler(.dauerhaft, "\(pfad) ist keine Sammlung") }
            if let (feld, erwartet) = schluessel, let gespeichert = wert(vorhanden, feld), gespeichert != erwartet {
                throw EAkteFehler(
                    .dauerhaft, "\(pfad) gehört zu \(feld.beschriftung) \(gespeichert), nicht zu \(erwartet)")
            }
            if let art, let felder {
                try await metadatenSchreiben(pfad, art: art, felder: felder, vorhanden: vorhanden.eigenschaften)
            }
            return vorhanden
        }
        try await mkcol(pfad)
        logger.info("collection created", metadata: ["path": "\(pfad)"])
        if let art, let felder {
            try await metadatenSchreiben(pfad, art: art, felder: felder, vorhanden: [:])
        }
        return WebDAVXML.Antwort(href: pfad, istSammlung: true)
    }

    private func mkcol(_ pfad: String) async throws {
        for _ in 0..<2 {
            let antwort = try await http.send(.MKCOL, origin + pfad)
            switch antwort.status {
            case 201:
                return
            case 405:
                // "Method not allowed": the collection exists already (created meanwhile).
                guard let vorhanden = try await propfind(pfad), vorhanden.istSammlung else {
                    throw EAkteHTTP.fehler(antwort, "MKCOL \(pfad)")
                }
                return
            case 409:
                // A parent is missing: create it (only below the base collection), then retry.
                let eltern = Self.elternPfad(pfad)
                guard eltern.count > basisPfad.count || (eltern == basisPfad && basisPfad != "/") else {
                    throw EAkteHTTP.fehler(antwort, "MKCOL \(pfad)")
                }
                if eltern == basisPfad {
                    try await mkcol(eltern)
                } else {
                    try await ensureSammlung(eltern)
                }
            default:
                throw EAkteHTTP.fehler(antwort, "MKCOL \(pfad)")
            }
        }
        throw EAkteFehler(.voruebergehend, "MKCOL \(pfad): Elternsammlung fehlt weiterhin")
    }

    static func elternPfad(_ pfad: String) -> String {
        var teile = pfad.split(separator: "/", omittingEmptySubsequences: true)
        guard !teile.isEmpty else { return "/" }
        teile.removeLast()
        return teile.isEmpty ? "/" : "/" + teile.joined(separator: "/") + "/"
    }

    // MARK: - Properties and sidecars

    private var eigenschaftsNamen: [String] { AblageFeld.allCases.map(\.rawValue) }

    private func wert(_ antwort: WebDAVXML.Antwort, _ feld: AblageFeld) -> String? {
        antwort.eigenschaften[WebDAVXML.schluessel(configuration.namespace, feld.rawValue)]
    }

    /// `PROPFIND` with depth 0; `nil` for 404.
    private func propfind(_ pfad: String) async throws -> WebDAVXML.Antwort? {
        let antwort = try await http.send(
            .PROPFIND, origin + pfad,
            headers: [("Depth", "0"), ("Content-Type", "application/xml; charset=utf-8")],
            body: WebDAVXML.propfind(namespace: configuration.namespace, namen: eigenschaftsNamen))
        switch antwort.status {
        case 207:
            let antworten: [WebDAVXML.Antwort]
            do {
                antworten = try WebDAVXML.multistatus(antwort.body)
            } catch {
                throw EAkteFehler(.dauerhaft, "PROPFIND \(pfad): \(error)")
            }
            guard let erste = antworten.first else {
                throw EAkteFehler(.dauerhaft, "PROPFIND \(pfad): leere Multi-Status-Antwort")
            }
            return erste
        case 404:
            return nil
        default:
            throw EAkteHTTP.fehler(antwort, "PROPFIND \(pfad)")
        }
    }

    private func proppatch(_ pfad: String, _ felder: [(AblageFeld, String)]) async throws {
        let antwort = try await http.send(
            .PROPPATCH, origin + pfad, headers: [("Content-Type", "application/xml; charset=utf-8")],
            body: WebDAVXML.proppatch(namespace: configuration.namespace, werte: felder.map { ($0.0.rawValue, $0.1) }))
        switch antwort.status {
        case 200, 204:
            return
        case 207:
            let antworten = (try? WebDAVXML.multistatus(antwort.body)) ?? []
            let fehlgeschlagen = antworten.flatMap { $0.fehlgeschlagen }
            if let (name, status) = fehlgeschlagen.first {
                throw EAkteFehler(
                    EAkteHTTP.art(vonStatus: status),
                    "PROPPATCH \(pfad): Eigenschaft \(name) abgelehnt (HTTP \(status))")
            }
        default:
            throw EAkteHTTP.fehler(antwort, "PROPPATCH \(pfad)")
        }
    }

    /// Sets the properties that are missing (existing values, e.g. status `erledigt`, stay) and
    /// writes the sidecar if there is none yet.
    private func metadatenSchreiben(
        _ pfad: String, art: String, felder: [(AblageFeld, String)], vorhanden: [String: String]
    ) async throws {
        if configuration.writeProperties {
            let fehlend = felder.filter {
                vorhanden[WebDAVXML.schluessel(configuration.namespace, $0.0.rawValue)] == nil
            }
            if !fehlend.isEmpty { try await proppatch(pfad, fehlend) }
        }
        if configuration.writeSidecar {
            let sidecar = Self.sidecarPfad(pfad)
            if try await propfind(sidecar) == nil {
                try await sidecarSchreiben(pfad, art: art, felder: felder)
            }
        }
    }

    /// `<name>.metadata.json` next to the object (for a collection `a/b/`: `a/b.metadata.json`).
    static func sidecarPfad(_ pfad: String) -> String {
        (pfad.hasSuffix("/") ? String(pfad.dropLast()) : pfad) + ".metadata.json"
    }

    private func sidecarSchreiben(_ pfad: String, art: String, felder: [(AblageFeld, String)]) async throws {
        var objekt: [String: String] = ["art": art]
        for (feld, wert) in felder { objekt[feld.rawValue] = wert }
        let data = try JSONSerialization.data(withJSONObject: objekt, options: [.sortedKeys, .prettyPrinted])
        let antwort = try await http.send(
            .PUT, origin + Self.sidecarPfad(pfad), headers: [("Content-Type", "application/json; charset=utf-8")],
            body: data)
        guard (200...299).contains(antwort.status) else {
            throw EAkteHTTP.fehler(antwort, "PUT \(Self.sidecarPfad(pfad))")
        }
    }

    // MARK: - Documents

    private func hochladen(_ pfad: String, _ dokument: AblageDokument) async throws {
        let antwort = try await http.send(
            .PUT, origin + pfad, headers: [("Content-Type", dokument.mimeType)], body: dokument.inhalt)
        guard (200...299).contains(antwort.status) else { throw EAkteHTTP.fehler(antwort, "PUT \(pfad)") }
    }

    private func laden(_ pfad: String) async throws -> Data? {
        let antwort = try await http.send(.GET, origin + pfad)
        switch antwort.status {
        case 200: return antwort.body
        case 404: return nil
        default: throw EAkteHTTP.fehler(antwort, "GET \(pfad)")
        }
    }

    /// After an upload: checks the stored content (hash, or length without verification).
    private func bestaetige(_ pfad: String, _ dokument: AblageDokument) async throws -> AblageQuittung {
        let erwartet = dokument.sha256.lowercased()
        if configuration.verifyContentAfterUpload {
            let inhalt = try await laden(pfad) ?? Data()
            let ist = AblageMetadaten.sha256(inhalt)
            guard ist == erwartet else {
                throw EAkteFehler(.voruebergehend, "\(pfad): gespeicherter Inhalt weicht ab (SHA-256 \(ist))")
            }
            return AblageQuittung(objektId: EAkteObjektID(pfad), sha256: ist, groesse: inhalt.count)
        }
        guard let vorhanden = try await propfind(pfad),
            Int(vorhanden.eigenschaften[WebDAVXML.schluessel("DAV:", "getcontentlength")] ?? "")
                == dokument.inhalt.count
        else {
            throw EAkteFehler(.voruebergehend, "\(pfad): gespeicherte Länge weicht ab")
        }
        return AblageQuittung(objektId: EAkteObjektID(pfad), sha256: erwartet, groesse: dokument.inhalt.count)
    }

    /// Accepts a document already under our name if it is ours; completes missing metadata.
    private func pruefeVorhandenes(
        _ vorhanden: WebDAVXML.Antwort, _ dokument: AblageDokument, pfad: String
    ) async throws -> AblageQuittung {
        guard !vorhanden.istSammlung else { throw EAkteFehler(.dauerhaft, "\(pfad) ist eine Sammlung, kein Dokument") }
        let erwartet = dokument.sha256.lowercased()
        let gespeichert = wert(vorhanden, .sha256)?.lowercased()
        if let gespeichert, gespeichert != erwartet {
            throw EAkteFehler(
                .dauerhaft,
                "\(pfad): In der eAkte liegt bereits ein anderes Dokument (SHA-256 \(gespeichert), abzulegen: \(erwartet))"
            )
        }
        let inhalt = try await laden(pfad) ?? Data()
        let ist = AblageMetadaten.sha256(inhalt)
        if ist == erwartet {
            try await metadatenSchreiben(
                pfad, art: "dokument", felder: AblageMetadaten.dokument(dokument), vorhanden: vorhanden.eigenschaften)
            return AblageQuittung(objektId: EAkteObjektID(pfad), sha256: ist, groesse: inhalt.count)
        }
        guard gespeichert == erwartet else {
            throw EAkteFehler(
                .dauerhaft,
                "\(pfad): In der eAkte liegt bereits ein anderes Dokument (SHA-256 \(ist), abzulegen: \(erwartet))")
        }
        // Our metadata, different content: replace it through a temporary name and MOVE.
        logger.warning("incomplete document replaced", metadata: ["path": "\(pfad)"])
        let temporaer =
            Self.elternPfad(pfad) + seg(".upload-\(erwartet.prefix(16))-\(AblageNamen.dokument(dokument.name))")
        try await hochladen(temporaer, dokument)
        let move = try await http.send(
            .MOVE, origin + temporaer, headers: [("Destination", origin + pfad), ("Overwrite", "T")])
        guard move.status == 201 || move.status == 204 else { throw EAkteHTTP.fehler(move, "MOVE \(pfad)") }
        try await proppatch(pfad, AblageMetadaten.dokument(dokument))
        return try await bestaetige(pfad, dokument)
    }
}
