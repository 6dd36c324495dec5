import AsyncHTTPClient
import Foundation
import GewerbeDomain
import Logging
import NIOHTTP1

/// Files Akten, Vorgaenge and Dokumente into a CMIS 1.1 repository over the browser binding
/// (JSON over HTTP; OASIS CMIS 1.1, section 5).
///
/// Layout below ``CMISAblageConfiguration/rootPath``: `<AGS>/Betrieb-<betriebId>/<Aktenzeichen>/
/// <Dokument>`, names from ``AblageNamen``. Titles go into `cmis:description`; the metadata into
/// the secondary type of ``CMISMetadatenSchema`` where the repository defines it (detected once
/// from its type definition), otherwise into the description as `Label Wert` pairs.
///
/// Idempotent: every object is looked up by path before it is created; a name conflict on
/// create (another worker, or an earlier attempt whose answer was lost) is resolved by reading
/// the object again. A document already present is accepted if its content has the expected
/// SHA-256; if the stored metadata claim our hash but the content differs (an upload that broke
/// off in a non-atomic repository), the content is replaced and checked again; any other
/// document under the same name is a `.dauerhaft` error, so a filed record is never overwritten.
public actor CMISAblage: EAkteAblage {
    public nonisolated let art = "cmis"
    public nonisolated let configuration: CMISAblageConfiguration

    private let http: EAkteHTTP
    private let logger: Logger
    private let basisSegmente: [String]

    struct Repository: Sendable {
        var id: String
        var repositoryURL: String
        var rootFolderURL: String
        var version: String
    }

    /// How metadata are stored, decided once per adapter from the repository's type definitions.
    public enum Metadatenmodus: Sendable, Hashable {
        /// Properties of the secondary type (only those it defines).
        case sekundaertyp(id: String, eigenschaften: Set<String>)
        /// Names and `cmis:description` only.
        case beschreibung
    }

    private var repository: Repository?
    private var modus: Metadatenmodus?
    /// Folder paths by object id, so that a Vorgang or Dokument needs no extra lookup of its parent.
    private var pfade: [String: String] = [:]

    /// - Parameters:
    ///   - httpClient: the client to use; the caller owns it (the default, `HTTPClient.shared`,
    ///     needs no shutdown).
    /// - Throws: `EAkteFehler.dauerhaft` for an invalid URL or a URL with credentials in it.
    public init(
        configuration: CMISAblageConfiguration, httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "gewerbe.eakte.cmis")
    ) throws {
        _ = try EAkteHTTP.pruefeURL(configuration.browserURL, "browserURL")
        self.configuration = configuration
        self.logger = logger
        self.http = EAkteHTTP(
            client: httpClient, credentials: configuration.credentials, timeout: configuration.requestTimeout,
            maxResponseBytes: configuration.maxResponseBytes, logger: logger)
        self.basisSegmente = configuration.rootPath.split(separator: "/").map(String.init)
    }

    // MARK: - EAkteAblage

    public func ensureAkte(_ akte: AkteMetadaten) async throws -> EAkteObjektID {
        let segmente =
            basisSegmente + [
                AblageNamen.gemeinde(akte.gemeindeschluessel), AblageNamen.akte(betriebId: akte.betriebId),
            ]
        let ordner = try await ensureOrdner(segmente, felder: AblageMetadaten.akte(akte), titel: akte.titel)
        try pruefeSchluessel(ordner, .betriebId, akte.betriebId.lowercased, was: "Akte")
        return EAkteObjektID(ordner.id)
    }

    public func ensureVorgang(_ vorgang: VorgangMetadaten, inAkte akte: EAkteObjektID) async throws -> EAkteObjektID {
        let aktePfad = try await ordnerPfad(akte, was: "Akte")
        let segmente =
            aktePfad.split(separator: "/").map(String.init) + [AblageNamen.vorgang(aktenzeichen: vorgang.aktenzeichen)]
        let ordner = try await ensureOrdner(
            segmente, felder: AblageMetadaten.vorgang(vorgang), titel: vorgang.titel, elternId: akte.rawValue)
        try pruefeSchluessel(ordner, .anzeigeId, vorgang.anzeigeId.lowercased, was: "Vorgang")
        return EAkteObjektID(ordner.id)
    }

    public func fileDokument(
        _ dokument: AblageDokument, inVorgang vorgang: EAkteObjektID
    ) async throws
        -> AblageQuittung
    {
        let vorgangPfad = try await ordnerPfad(vorgang, was: "Vorgang")
        let name = AblageNamen.dokument(dokument.name)
        let pfad = Self.verbinde(vorgangPfad, name)
        for _ in 0..<3 {
            if let vorhanden = try await objektPerPfad(pfad) {
                return try await pruefeVorhandenes(vorhanden, dokument, pfad: pfad)
            }
            let repository = try await repo()
            var formular = Formular()
            formular.add("cmisaction", "createDocument")
            formular.add("objectId", vorgang.rawValue)
            formular.add("succinct", "true")
            let felder = AblageMetadaten.dokument(dokument)
            formular.addProperties(
                [
                    ("cmis:name", [name], false), ("cmis:objectTypeId", ["cmis:document"], false),
                ]
                    + (try await metadatenEigenschaften(
                        felder, titel: "\(dokument.dokumentart): \(dokument.vorgang.titel)")))
            formular.datei = .init(name: name, mimeType: dokument.mimeType, inhalt: dokument.inhalt)
            let antwort = try await post(repository.rootFolderURL, formular)
            switch antwort.status {
            case 200, 201:
                let objekt = try CMISObjekt.parse(antwort.body, kontext: "createDocument \(pfad)")
                logger.info("document filed", metadata: ["path": "\(pfad)", "object_id": "\(objekt.id)"])
                if !configuration.verifyContentAfterUpload, objekt.inhaltLaenge == dokument.inhalt.count {
                    return AblageQuittung(
                        objektId: EAkteObjektID(objekt.id), sha256: dokument.sha256.lowercased(),
                        groesse: dokument.inhalt.count)
                }
                return try await pruefeVorhandenes(objekt, dokument, pfad: pfad)
            case 409:
                // Created meanwhile (or by an attempt whose answer got lost): read it again.
                continue
            default:
                throw EAkteHTTP.fehler(antwort, "createDocument \(pfad)")
            }
        }
        throw EAkteFehler(.voruebergehend, "createDocument \(pfad): Namenskonflikt, aber kein Objekt unter dem Pfad")
    }

    public func markVorgangErledigt(_ vorgang: EAkteObjektID, metadaten: VorgangMetadaten) async throws {
        let objekt = try await objektPerId(vorgang.rawValue, was: "Vorgang")
        let modus = try await metadatenmodus()
        var formular = Formular()
        formular.add("cmisaction", "update")
        formular.add("objectId", objekt.id)
        formular.add("succinct", "true")
        if case .sekundaertyp(let typ, let eigenschaften) = modus, objekt.secondaryTypeIds.contains(typ),
            let statusId = configuration.schema.propertyIds[.status], eigenschaften.contains(statusId)
        {
            if objekt.eigenschaften[statusId] == "erledigt" { return }
            formular.addProperties([(statusId, ["erledigt"], false)])
        } else {
            let alt = objekt.beschreibung ?? metadaten.titel
            if AblageMetadaten.ausBeschreibung(alt, .status) == "erledigt" { return }
            let neu: String
            if AblageMetadaten.ausBeschreibung(alt, .status) != nil {
                neu = alt.replacingOccurrences(
                    of: "\(AblageFeld.status.beschriftung) offen", with: "\(AblageFeld.status.beschriftung) erledigt")
            } else {
                neu = alt + " | \(AblageFeld.status.beschriftung) erledigt"
            }
            formular.addProperties([("cmis:description", [neu], false)])
        }
        let antwort = try await post(try await repo().rootFolderURL, formular)
        guard antwort.status == 200 || antwort.status == 201 else {
            throw EAkteHTTP.fehler(antwort, "Vorgang \(objekt.id) als erledigt markieren")
        }
        logger.info(
            "Vorgang completed", metadata: ["object_id": "\(objekt.id)", "aktenzeichen": "\(metadaten.aktenzeichen)"])
    }

    public func lookupDokument(
        name: String, vorgang: VorgangMetadaten, akte: AkteMetadaten
    ) async throws
        -> AblageQuittung?
    {
        let segmente =
            basisSegmente + [
                AblageNamen.gemeinde(akte.gemeindeschluessel), AblageNamen.akte(betriebId: akte.betriebId),
                AblageNamen.vorgang(aktenzeichen: vorgang.aktenzeichen), AblageNamen.dokument(name),
            ]
        let pfad = "/" + segmente.joined(separator: "/")
        guard let objekt = try await objektPerPfad(pfad) else { return nil }
        guard !objekt.istOrdner else { throw EAkteFehler(.dauerhaft, "\(pfad) ist ein Ordner, kein Dokument") }
        let inhalt = try await ladeInhalt(objekt.id) ?? Data()
        return AblageQuittung(
            objektId: EAkteObjektID(objekt.id), sha256: AblageMetadaten.sha256(inhalt), groesse: inhalt.count)
    }

    /// How this adapter stores metadata in the repository (asks the repository on first use).
    public func aktuellerMetadatenmodus() async throws -> Metadatenmodus {
        try await metadatenmodus()
    }

    // MARK: - Repository and types

    private func repo() async throws -> Repository {
        if let repository { return repository }
        let antwort = try await http.send(.GET, configuration.browserURL)
        guard antwort.status == 200 else { throw EAkteHTTP.fehler(antwort, "CMIS-Repository-Info") }
        guard let infos = try CMISJSON.parse(antwort.body, kontext: "CMIS-Repository-Info") as? [String: Any] else {
            throw EAkteFehler(.dauerhaft, "CMIS-Repository-Info: unerwartetes Format")
        }
        let eintrag: Any?
        if let id = configuration.repositoryId {
            eintrag = infos[id]
            guard eintrag != nil else {
                throw EAkteFehler(
                    .dauerhaft, "CMIS-Repository '\(id)' gibt es nicht (vorhanden: \(infos.keys.sorted()))")
            }
        } else {
            guard infos.count == 1 else {
                throw EAkteFehler(
                    .dauerhaft, "Der CMIS-Dienst bietet \(infos.count) Repositories; bitte repositoryId konfigurieren")
            }
            eintrag = infos.values.first
        }
        guard let info = eintrag as? [String: Any], let id = info["repositoryId"] as? String,
            let repositoryURL = info["repositoryUrl"] as? String, let rootFolderURL = info["rootFolderUrl"] as? String
        else {
            throw EAkteFehler(.dauerhaft, "CMIS-Repository-Info ohne repositoryId/repositoryUrl/rootFolderUrl")
        }
        let gefunden = Repository(
            id: id, repositoryURL: repositoryURL, rootFolderURL: rootFolderURL,
            version: info["cmisVersionSupported"] as? String ?? "1.0")
        repository = gefunden
        return gefunden
    }

    private func metadatenmodus() async throws -> Metadatenmodus {
        if let modus { return modus }
        let repository = try await repo()
        let ermittelt: Metadatenmodus
        if !configuration.useSecondaryType || repository.version.hasPrefix("1.0") {
            ermittelt = .beschreibung
        } else {
            let typ = configuration.schema.secondaryTypeId
            let antwort = try await http.send(
                .GET,
                "\(repository.repositoryURL)?cmisselector=typeDefinition&typeId=\(EAkteHTTP.queryValue(typ))")
            switch antwort.status {
            case 200:
                let json = try CMISJSON.parse(antwort.body, kontext: "typeDefinition \(typ)") as? [String: Any]
                let definitionen = json?["propertyDefinitions"] as? [String: Any] ?? [:]
                if json?["baseId"] as? String == "cmis:secondary" {
                    ermittelt = .sekundaertyp(id: typ, eigenschaften: Set(definitionen.keys))
                } else {
                    ermittelt = .beschreibung
                }
            case 400, 404:
                ermittelt = .beschreibung
            default:
                throw EAkteHTTP.fehler(antwort, "typeDefinition \(typ)")
            }
        }
        switch ermittelt {
        case .sekundaertyp(let id, let eigenschaften):
            logger.info(
                "CMIS metadata in a secondary type",
                metadata: ["typ": "\(id)", "eigenschaften": "\(eigenschaften.sorted())"])
        case .beschreibung:
            logger.info("CMIS metadata in the name and cmis:description (no secondary type)")
        }
        modus = ermittelt
        return ermittelt
    }

    /// The description and secondary-type properties for a set of fields.
    private func metadatenEigenschaften(
        _ felder: [(AblageFeld, String)], titel: String
    ) async throws -> [(id: String, werte: [String], mehrwertig: Bool)] {
        let modus = try await metadatenmodus()
        var eigenschaften: [(id: String, werte: [String], mehrwertig: Bool)] = []
        var inBeschreibung: [(AblageFeld, String)] = []
        var sekundaer: [(id: String, werte: [String], mehrwertig: Bool)] = []
        for (feld, wert) in felder where feld != .titel {
            if case .sekundaertyp(_, let definiert) = modus, let id = configuration.schema.propertyIds[feld],
                definiert.contains(id)
            {
                sekundaer.append((id, [wert], false))
            } else {
                inBeschreibung.append((feld, wert))
            }
        }
        eigenschaften.append(
            ("cmis:description", [AblageMetadaten.beschreibung(titel: titel, felder: inBeschreibung)], false))
        if case .sekundaertyp(let typ, _) = modus {
            eigenschaften.append(("cmis:secondaryObjectTypeIds", [typ], true))
            eigenschaften.append(contentsOf: sekundaer)
        }
        return eigenschaften
    }

    /// The value of a field as stored with an object (property or description).
    private func gespeicherterWert(_ objekt: CMISObjekt, _ feld: AblageFeld) -> String? {
        if let id = configuration.schema.propertyIds[feld], let wert = objekt.eigenschaften[id] { return wert }
        return AblageMetadaten.ausBeschreibung(objekt.beschreibung, feld)
    }

    private func pruefeSchluessel(_ objekt: CMISObjekt, _ feld: AblageFeld, _ erwartet: String, was: String) throws {
        if let wert = gespeicherterWert(objekt, feld), wert.lowercased() != erwartet {
            throw EAkteFehler(
                .dauerhaft,
                "\(was) \(objekt.pfad ?? objekt.id) gehört zu \(feld.beschriftung) \(wert), nicht zu \(erwartet)")
        }
    }

    // MARK: - Objects

    private static func verbinde(_ pfad: String, _ name: String) -> String {
        pfad == "/" || pfad.isEmpty ? "/" + name : pfad + "/" + name
    }

    private func objektURL(pfad: String) async throws -> String {
        let repository = try await repo()
        let kodiert = pfad.split(separator: "/").map { EAkteHTTP.segment(String($0)) }.joined(separator: "/")
        return kodiert.isEmpty ? repository.rootFolderURL : repository.rootFolderURL + "/" + kodiert
    }

    /// The object at a path, or `nil` if there is none (404).
    private func objektPerPfad(_ pfad: String) async throws -> CMISObjekt? {
        let url = try await objektURL(pfad: pfad) + "?cmisselector=object&succinct=true"
        let antwort = try await http.send(.GET, url)
        switch antwort.status {
        case 200:
            var objekt = try CMISObjekt.parse(antwort.body, kontext: "Objekt \(pfad)")
            if objekt.istOrdner {
                if objekt.pfad == nil { objekt.pfad = pfad }
                pfade[objekt.id] = objekt.pfad
            }
            return objekt
        case 404:
            return nil
        default:
            throw EAkteHTTP.fehler(antwort, "Objekt \(pfad) lesen")
        }
    }

    private func objektPerId(_ id: String, was: String) async throws -> CMISObjekt {
        let repository = try await repo()
        let antwort = try await http.send(
            .GET, "\(repository.rootFolderURL)?objectId=\(EAkteHTTP.queryValue(id))&cmisselector=object&succinct=true")
        switch antwort.status {
        case 200:
            let objekt = try CMISObjekt.parse(antwort.body, kontext: "\(was) \(id)")
            if objekt.istOrdner, let pfad = objekt.pfad { pfade[objekt.id] = pfad }
            return objekt
        case 404:
            throw EAkteFehler(.dauerhaft, "\(was) \(id) gibt es in der eAkte nicht (mehr)")
        default:
            throw EAkteHTTP.fehler(antwort, "\(was) \(id) lesen")
        }
    }

    private func ordnerPfad(_ id: EAkteObjektID, was: String) async throws -> String {
        if let pfad = pfade[id.rawValue] { return pfad }
        let objekt = try await objektPerId(id.rawValue, was: was)
        guard objekt.istOrdner, let pfad = objekt.pfad else {
            throw EAkteFehler(.dauerhaft, "\(was) \(id) ist kein Ordner")
        }
        return pfad
    }

    /// Finds or creates the folder at `segmente` (creating missing parents without metadata);
    /// the last level gets `titel` and `felder`.
    private func ensureOrdner(
        _ segmente: [String], felder: [(AblageFeld, String)]?, titel: String?, elternId: String? = nil
    ) async throws -> CMISObjekt {
        let pfad = "/" + segmente.joined(separator: "/")
        if let vorhanden = try await objektPerPfad(pfad) {
            guard vorhanden.istOrdner else { throw EAkteFehler(.dauerhaft, "\(pfad) ist kein Ordner") }
            return vorhanden
        }
        guard let name = segmente.last else {
            throw EAkteFehler(.dauerhaft, "Der Wurzelordner des Repositorys fehlt")
        }
        let eltern: String
        if let elternId {
            eltern = elternId
        } else {
            eltern = try await ensureOrdner(Array(segmente.dropLast()), felder: nil, titel: nil).id
        }
        var formular = Formular()
        formular.add("cmisaction", "createFolder")
        formular.add("objectId", eltern)
        formular.add("succinct", "true")
        var eigenschaften: [(id: String, werte: [String], mehrwertig: Bool)] = [
            ("cmis:name", [name], false), ("cmis:objectTypeId", ["cmis:folder"], false),
        ]
        if let felder, let titel {
            eigenschaften += try await metadatenEigenschaften(felder, titel: titel)
        }
        formular.addProperties(eigenschaften)
        let antwort = try await post(try await repo().rootFolderURL, formular)
        switch antwort.status {
        case 200, 201:
            var objekt = try CMISObjekt.parse(antwort.body, kontext: "createFolder \(pfad)")
            if objekt.pfad == nil { objekt.pfad = pfad }
            pfade[objekt.id] = objekt.pfad
            logger.info("folder created", metadata: ["path": "\(pfad)", "object_id": "\(objekt.id)"])
            return objekt
        case 409:
            // Someone else created it meanwhile: use theirs.
            if let vorhanden = try await objektPerPfad(pfad), vorhanden.istOrdner { return vorhanden }
            throw EAkteHTTP.fehler(antwort, "createFolder \(pfad)")
        default:
            throw EAkteHTTP.fehler(antwort, "createFolder \(pfad)")
        }
    }

    private func post(_ url: String, _ formular: Formular) async throws -> EAkteHTTP.Antwort {
        let (contentType, body) = formular.encoded()
        return try await http.send(.POST, url, headers: [("Content-Type", contentType)], body: body)
    }

    /// The content of a document, `nil` if it has none.
    private func ladeInhalt(_ id: String) async throws -> Data? {
        let repository = try await repo()
        let antwort = try await http.send(
            .GET, "\(repository.rootFolderURL)?objectId=\(EAkteHTTP.queryValue(id))&cmisselector=content")
        switch antwort.status {
        case 200: return antwort.body
        case 404, 409: return nil
        default: throw EAkteHTTP.fehler(antwort, "Inhalt von \(id) lesen")
        }
    }

    /// Accepts a document already filed under our name if it is ours; repairs an incomplete one.
    private func pruefeVorhandenes(
        _ objekt: CMISObjekt, _ dokument: AblageDokument, pfad: String
    ) async throws
        -> AblageQuittung
    {
        guard !objekt.istOrdner else { throw EAkteFehler(.dauerhaft, "\(pfad) ist ein Ordner, kein Dokument") }
        let erwartet = dokument.sha256.lowercased()
        let gespeichert = gespeicherterWert(objekt, .sha256)?.lowercased()
        if let gespeichert, gespeichert != erwartet {
            throw EAkteFehler(
                .dauerhaft,
                "\(pfad): In der eAkte liegt bereits ein anderes Dokument (SHA-256 \(gespeichert), abzulegen: \(erwartet))"
            )
        }
        let inhalt = try await ladeInhalt(objekt.id) ?? Data()
        let ist = AblageMetadaten.sha256(inhalt)
        if ist == erwartet {
            return AblageQuittung(objektId: EAkteObjektID(objekt.id), sha256: ist, groesse: inhalt.count)
        }
        guard gespeichert == erwartet else {
            throw EAkteFehler(
                .dauerhaft,
                "\(pfad): In der eAkte liegt bereits ein anderes Dokument (SHA-256 \(ist), abzulegen: \(erwartet))")
        }
        // Our metadata, but the content is incomplete: replace the content and check again.
        logger.warning(
            "incomplete document completed",
            metadata: [
                "pfad": "\(pfad)", "objektId": "\(objekt.id)", "laenge": "\(inhalt.count)",
                "erwartet": "\(dokument.inhalt.count)",
            ])
        var formular = Formular()
        formular.add("cmisaction", "setContent")
        formular.add("objectId", objekt.id)
        formular.add("overwriteFlag", "true")
        formular.add("succinct", "true")
        formular.datei = .init(
            name: AblageNamen.dokument(dokument.name), mimeType: dokument.mimeType, inhalt: dokument.inhalt)
        let antwort = try await post(try await repo().rootFolderURL, formular)
        guard antwort.status == 200 || antwort.status == 201 else {
            throw EAkteHTTP.fehler(antwort, "setContent \(pfad)")
        }
        let neu = try await ladeInhalt(objekt.id) ?? Data()
        let neuHash = AblageMetadaten.sha256(neu)
        guard neuHash == erwartet else {
            throw EAkteFehler(.voruebergehend, "\(pfad): Inhalt nach setContent weiterhin unvollständig")
        }
        return AblageQuittung(objektId: EAkteObjektID(objekt.id), sha256: neuHash, groesse: neu.count)
    }
}
