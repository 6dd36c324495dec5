import AsyncHTTPClient
import Foundation
import GewerbeDomain
import Logging

/// How one municipality's eAkte is reached (one entry of the configuration per AGS).
public enum EAkteAnbindung: Sendable, Hashable, CustomStringConvertible {
    case cmis(CMISAblageConfiguration)
    case webdav(WebDAVAblageConfiguration)
    /// A local folder or a mounted file share (``DateiAblage``), e.g. `.gewerbe/eakte/` in the demo.
    case ordner(DateiAblageConfiguration)

    /// Creates the adapter. The HTTP client is owned by the caller (see ``EAkteHTTPClient``).
    public func makeAblage(httpClient: HTTPClient = .shared, logger: Logger) throws -> any EAkteAblage {
        switch self {
        case .cmis(let configuration):
            try CMISAblage(configuration: configuration, httpClient: httpClient, logger: logger)
        case .webdav(let configuration):
            try WebDAVAblage(configuration: configuration, httpClient: httpClient, logger: logger)
        case .ordner(let configuration):
            try DateiAblage(configuration: configuration, logger: logger)
        }
    }

    /// Without passwords.
    public var description: String {
        switch self {
        case .cmis(let configuration): "cmis: \(configuration)"
        case .webdav(let configuration): "webdav: \(configuration)"
        case .ordner(let configuration): "ordner: \(configuration)"
        }
    }
}

/// Routes every call to the eAkte of the municipality the object belongs to, by AGS
/// (`gemeindeschluessel` of the Akte, Vorgang or Dokument). A municipality without an entry is
/// a `.dauerhaft` error (configuration missing).
public struct EAkteMandantenAblage: EAkteAblage {
    public let art = "mandanten"
    /// The adapter per AGS.
    public let ablagen: [String: any EAkteAblage]

    public init(ablagen: [String: any EAkteAblage]) {
        self.ablagen = ablagen
    }

    /// Creates one adapter per municipality from the configuration.
    public init(
        anbindungen: [String: EAkteAnbindung], httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "gewerbe.eakte")
    ) throws {
        var ablagen: [String: any EAkteAblage] = [:]
        for (ags, anbindung) in anbindungen {
            var mandantenLogger = logger
            mandantenLogger[metadataKey: "ags"] = "\(ags)"
            ablagen[ags] = try anbindung.makeAblage(httpClient: httpClient, logger: mandantenLogger)
        }
        self.init(ablagen: ablagen)
    }

    private func ablage(_ gemeindeschluessel: String) throws -> any EAkteAblage {
        guard let ablage = ablagen[gemeindeschluessel] else {
            throw EAkteFehler(.dauerhaft, "Für die Gemeinde \(gemeindeschluessel) ist keine eAkte konfiguriert")
        }
        return ablage
    }

    public func ensureAkte(_ akte: AkteMetadaten) async throws -> EAkteObjektID {
        try await ablage(akte.gemeindeschluessel).ensureAkte(akte)
    }

    public func ensureVorgang(_ vorgang: VorgangMetadaten, inAkte akte: EAkteObjektID) async throws -> EAkteObjektID {
        try await ablage(vorgang.gemeindeschluessel).ensureVorgang(vorgang, inAkte: akte)
    }

    public func fileDokument(
        _ dokument: AblageDokument, inVorgang vorgang: EAkteObjektID
    ) async throws
        -> AblageQuittung
    {
        try await ablage(dokument.vorgang.gemeindeschluessel).fileDokument(dokument, inVorgang: vorgang)
    }

    public func markVorgangErledigt(_ vorgang: EAkteObjektID, metadaten: VorgangMetadaten) async throws {
        try await ablage(metadaten.gemeindeschluessel).markVorgangErledigt(vorgang, metadaten: metadaten)
    }

    public func lookupDokument(
        name: String, vorgang: VorgangMetadaten, akte: AkteMetadaten
    ) async throws
        -> AblageQuittung?
    {
        try await ablage(vorgang.gemeindeschluessel).lookupDokument(name: name, vorgang: vorgang, akte: akte)
    }
}
