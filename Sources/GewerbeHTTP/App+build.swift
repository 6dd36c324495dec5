import Foundation
import GewerbeDomain
import GewerbeExport
import Hummingbird
import Logging
import Prometheus

/// The handler of one authenticated endpoint: gets the checked actor.
typealias Bearbeiter = @Sendable (Request, GewerbeRequestContext, Akteur) async throws -> Response
/// The handler of a public endpoint.
typealias OeffentlicherBearbeiter = @Sendable (Request, GewerbeRequestContext) async throws -> Response

/// Builds the router of the API: every route of ``APIRoute/alle`` with its handler, behind the
/// request-id, metrics, access-log and problem middlewares.
///
/// Callable from tests (`app.test(.router)`); ``buildApplication(configuration:dependencies:)``
/// wraps it into a server.
public func buildRouter(dependencies: APIDependencies) -> Router<GewerbeRequestContext> {
    let router = Router(context: GewerbeRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: MetricsMiddleware(registry: dependencies.metrics))
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    let api = GewerbeAPI(dependencies: dependencies)
    for route in APIRoute.alle {
        router.on(route.routerPfad, method: route.methode, responder: api.responder(fuer: route))
    }
    return router
}

/// Builds the HTTP server application around ``buildRouter(dependencies:)``.
public func buildApplication(
    configuration: ApplicationConfiguration, dependencies: APIDependencies
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies: dependencies), configuration: configuration, logger: dependencies.logger)
}

/// The handlers, one per ``Endpunkt``.
struct GewerbeAPI: Sendable {
    let dependencies: APIDependencies
    var faelle: Fallbearbeitung { dependencies.fallbearbeitung }
    var limits: APILimits { dependencies.limits }

    func responder(fuer route: APIRoute) -> CallbackResponder<GewerbeRequestContext> {
        guard let berechtigung = route.berechtigung else {
            let bearbeiter = oeffentlich(route.endpunkt)
            return CallbackResponder { request, context in try await bearbeiter(request, context) }
        }
        let bearbeiter = geschuetzt(route.endpunkt)
        return CallbackResponder { request, context in
            var context = context
            let akteur = try await authentifiziere(request)
            context.notizen.akteur = akteur.bezeichnung
            context.logger[metadataKey: "akteur"] = .string(
                akteur.tokenId?.uuidString.lowercased() ?? akteur.bezeichnung)
            guard Berechtigungen.erlaubt(akteur.rolle, berechtigung) else {
                throw APIProblem(
                    .keineBerechtigung,
                    "Die Rolle '\(akteur.rolle.rawValue)' darf das nicht (benötigt: \(berechtigung.rawValue)).")
            }
            return try await bearbeiter(request, context, akteur)
        }
    }

    /// `Authorization: Bearer <token>` checked by the ``TokenPruefer`` (401 otherwise).
    func authentifiziere(_ request: Request) async throws -> Akteur {
        guard let kopf = request.headers[.authorization] else { throw ZugangsFehler.fehlt }
        let teile = kopf.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard teile.count == 2, teile[0].lowercased() == "bearer" else {
            throw APIProblem(
                .nichtAuthentifiziert, "Erwartet wird 'Authorization: Bearer <Token>'.",
                kopfzeilen: [.wwwAuthenticate: #"Bearer realm="gewerbe", error="invalid_request""#])
        }
        let token = teile[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw ZugangsFehler.fehlt }
        return try await dependencies.tokenPruefer.akteur(fuerToken: token)
    }

    func geschuetzt(_ endpunkt: Endpunkt) -> Bearbeiter {
        switch endpunkt {
        case .anzeigeEinreichen: einreichen
        case .anzeigenListe: liste
        case .anzeigeLesen: lesen
        case .anzeigeBerichtigen: berichtigen
        case .anzeigeZuruecknehmen: zuruecknehmen
        case .empfangsbescheinigung: empfangsbescheinigung
        case .betriebLesen: betrieb
        case .betriebeSuchen: suche
        case .auskunft: auskunft
        case .statistikExport: statistikExport
        case .health, .ready, .metrics, .openapi:
            { _, _, _ in throw APIProblem(.intern, "Öffentlicher Endpunkt ohne Bearbeiter.") }
        }
    }

    func oeffentlich(_ endpunkt: Endpunkt) -> OeffentlicherBearbeiter {
        switch endpunkt {
        case .health: health
        case .ready: ready
        case .metrics: metrics
        case .openapi: openapi
        default: { _, _ in throw APIProblem(.intern, "Geschützter Endpunkt ohne Berechtigung.") }
        }
    }

    // MARK: Anzeigen

    func einreichen(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        let schluessel = try Eingabe.idempotenzSchluessel(request)
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anzeige = try Eingabe.anzeige(aus: daten)
        let ergebnis = try await faelle.einreichen(anzeige, akteur: akteur, idempotenzSchluessel: schluessel)
        switch ergebnis {
        case .abgelehnt(let pruefung):
            zaehle("abgelehnt", anzeige.meldeart)
            throw APIProblem.validierung(pruefung)
        case .angenommen(let fall, let wiederholt):
            zaehle(wiederholt ? "wiederholt" : "angenommen", fall.meldeart)
            var kopf: HTTPFields = [.location: "/v1/anzeigen/\(fall.id.uuidString.lowercased())", .eTag: fall.etag]
            if wiederholt { kopf[.idempotentReplayed] = "true" }
            return try JSONAusgabe.antwort(FallDarstellung(fall), status: .created, kopfzeilen: kopf)
        }
    }

    func liste(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        var abfrage = AbfrageLeser(
            request,
            erlaubt: [
                "ohneEmpfangsbescheinigung", "ueberfaellig", "meldeart", "status", "ablage", "kommune", "eingangVon",
                "eingangBis", "limit", "cursor",
            ])
        let filter = Fallfilter(
            ohneEmpfangsbescheinigung: abfrage.wahrheitswert("ohneEmpfangsbescheinigung"),
            ueberfaellig: abfrage.wahrheitswert("ueberfaellig"), meldeart: abfrage.code("meldeart", Meldeart.self),
            status: abfrage.code("status", Fallstatus.self), ablage: abfrage.code("ablage", Ablagestatus.self),
            kommune: abfrage.ags("kommune"), eingangVon: abfrage.datum("eingangVon"),
            eingangBis: abfrage.datum("eingangBis"),
            limit: abfrage.limit(limits), cursor: abfrage.cursor())
        try abfrage.pruefe()
        let seite = try await faelle.faelle(filter, akteur: akteur)
        return try JSONAusgabe.antwort(SeitenDarstellung(seite, limit: filter.limit))
    }

    func lesen(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        let id = try Eingabe.uuid(context)
        let fall = try await faelle.fall(id: id, akteur: akteur)
        return try JSONAusgabe.antwort(FallDarstellung(fall), kopfzeilen: [.eTag: fall.etag])
    }

    func berichtigen(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        let id = try Eingabe.uuid(context)
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anfrage = try Eingabe.lesen(BerichtigungAnfrage.self, aus: daten, limits: limits)
        let ergebnis = try await faelle.berichtigen(
            fallId: id, anzeige: anfrage.anzeige, grund: anfrage.grund, ifMatch: request.headers[.ifMatch],
            akteur: akteur)
        switch ergebnis {
        case .abgelehnt(let pruefung):
            throw APIProblem.validierung(pruefung)
        case .angenommen(let fall, _):
            return try JSONAusgabe.antwort(
                FallDarstellung(fall),
                kopfzeilen: [.eTag: fall.etag, .contentLocation: "/v1/anzeigen/\(fall.id.uuidString.lowercased())"])
        }
    }

    func zuruecknehmen(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response
    {
        let id = try Eingabe.uuid(context)
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anfrage = try Eingabe.lesen(RuecknahmeAnfrage.self, aus: daten, limits: limits)
        let fall = try await faelle.zuruecknehmen(
            fallId: id, grund: anfrage.grund, ifMatch: request.headers[.ifMatch], akteur: akteur)
        return try JSONAusgabe.antwort(FallDarstellung(fall), kopfzeilen: [.eTag: fall.etag])
    }

    func empfangsbescheinigung(
        _ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur
    ) async throws
        -> Response
    {
        let id = try Eingabe.uuid(context)
        let datum: Datum?
        if let daten = try await Eingabe.koerper(request, limits: limits, optional: true) {
            datum = try Eingabe.lesen(EmpfangsbescheinigungAnfrage.self, aus: daten, limits: limits).datum
        } else {
            datum = nil
        }
        let fall = try await faelle.bescheinigeEmpfang(fallId: id, am: datum, akteur: akteur)
        return try JSONAusgabe.antwort(FallDarstellung(fall), kopfzeilen: [.eTag: fall.etag])
    }

    // MARK: Register

    func betrieb(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        let id = try Eingabe.uuid(context)
        let akte = try await faelle.betrieb(id: id, akteur: akteur)
        return try JSONAusgabe.antwort(BetriebDarstellung(akte))
    }

    func suche(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        var abfrage = AbfrageLeser(
            request,
            erlaubt: [
                "name", "person", "anschrift", "wz", "status", "kommune", "beginnVon", "beginnBis", "endeVon",
                "endeBis",
                "limit", "cursor",
            ])
        let wz = abfrage.text("wz", maxLaenge: 10)
        if let wz, !wz.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            abfrage.meldeZusaetzlich(
                EingabeProblem(
                    pfad: "wz", art: .ungueltigerWert,
                    meldung: "'\(wz)' ist kein WZ-Code (Ziffern und Punkte, z. B. 96.02)"))
        }
        let suche = Registersuche(
            name: abfrage.text("name"), person: abfrage.text("person"), anschrift: abfrage.text("anschrift"), wz: wz,
            status: abfrage.code("status", Betriebsstatus.self), kommune: abfrage.ags("kommune"),
            beginnVon: abfrage.datum("beginnVon"), beginnBis: abfrage.datum("beginnBis"),
            endeVon: abfrage.datum("endeVon"),
            endeBis: abfrage.datum("endeBis"), limit: abfrage.limit(limits), cursor: abfrage.cursor())
        try abfrage.pruefe()
        let seite = try await faelle.sucheBetriebe(suche, akteur: akteur)
        return try JSONAusgabe.antwort(SeitenDarstellung(seite, limit: suche.limit))
    }

    func auskunft(_ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur) async throws -> Response {
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anfrage = try Eingabe.lesen(AuskunftAnfrage.self, aus: daten, limits: limits).anfrage
        let probleme = Auskunftsregel.pruefe(anfrage)
        guard probleme.isEmpty else {
            throw APIProblem(
                .unzulaessig, probleme.joined(separator: " "),
                probleme: probleme.map { EingabeProblem(pfad: "", art: .ungueltigerWert, meldung: $0) })
        }
        let auskunft = try await faelle.auskunft(anfrage, akteur: akteur)
        return try JSONAusgabe.antwort(auskunft)
    }

    /// The monthly Gewerbeanzeigenstatistik as CSV (role `statistik`, docs/export-statistik.md):
    /// `monat=YYYY-MM` (required), `kommune=AGS[,AGS...]` (default: all of the token's),
    /// `trennzeichen=semikolon|komma|tab` (default `semikolon`), `bom=true|false` (default
    /// `true`). Streamed: the body is written block by block while the records are read, so the
    /// status line and headers go out first; a failure later cuts the body short (the client sees
    /// an incomplete transfer, never a truncated file that looks complete: the export is not
    /// chunk-terminated).
    func statistikExport(
        _ request: Request, _ context: GewerbeRequestContext, _ akteur: Akteur
    ) async throws -> Response {
        var abfrage = AbfrageLeser(request, erlaubt: ["monat", "kommune", "trennzeichen", "bom"])
        let monatText = abfrage.text("monat", maxLaenge: 7)
        let monat = monatText.flatMap(Berichtsmonat.init)
        if monat == nil {
            abfrage.meldeZusaetzlich(
                EingabeProblem(
                    pfad: "monat", art: monatText == nil ? .fehlt : .ungueltigerWert,
                    meldung: monatText.map { "'\($0)' ist kein Berichtsmonat (erwartet: JJJJ-MM)" }
                        ?? "Parameter 'monat' fehlt (JJJJ-MM)"))
        }
        var kommunen: [String]?
        if let liste = abfrage.text("kommune", maxLaenge: 2000) {
            let teile = liste.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for teil in teile where !AGS.istGueltig(teil) {
                abfrage.meldeZusaetzlich(
                    EingabeProblem(
                        pfad: "kommune", art: .ungueltigerWert,
                        meldung: "'\(teil)' ist kein Gemeindeschlüssel (8 Ziffern)"))
            }
            kommunen = teile
        }
        let trennzeichen = abfrage.code("trennzeichen", CSVTrennzeichen.self) ?? .semikolon
        let bom = abfrage.wahrheitswert("bom") ?? true
        try abfrage.pruefe()
        guard let monat else { throw APIProblem(.abfrageUngueltig, "Parameter 'monat' fehlt (JJJJ-MM).") }
        let quelle = dependencies.statistik
        // Decided before the first byte goes out: which municipalities (403 for another one).
        let auswahl = try Statistikauswahl.kommunen(kommunen, akteur: akteur, alle: [])
        let export = StatistikCSV(format: CSVFormat(trennzeichen: trennzeichen, bom: bom))
        let logger = context.logger
        let dateiname = StatistikExport.dateiname(monat: monat, kommunen: auswahl.count == 1 ? auswahl : [])
        let body = ResponseBody { writer in
            do {
                let ergebnis = try await quelle.saetze(monat: monat, kommunen: auswahl, akteur: akteur) { saetze in
                    try await export.schreibe(saetze) { block in try await writer.write(ByteBuffer(bytes: block)) }
                }
                logger.info(
                    "statistics export",
                    metadata: [
                        "monat": "\(monat)", "kommunen": "\(auswahl.joined(separator: ","))",
                        "saetze": "\(ergebnis.saetze)", "bytes": "\(ergebnis.bytes)",
                    ])
            } catch {
                logger.error("statistics export failed", metadata: ["monat": "\(monat)", "fehler": "\(error)"])
                throw error
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(dateiname)\"",
                .cacheControl: "no-store",
            ],
            body: body)
    }

    // MARK: Operations

    func health(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        try JSONAusgabe.antwort(
            StatusDarstellung(status: "ok", pruefungen: nil), kopfzeilen: [.cacheControl: "no-store"])
    }

    func ready(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        let pruefungen = await dependencies.bereitschaft.pruefe()
        let bereit = !pruefungen.isEmpty && pruefungen.allSatisfy(\.ok)
        return try JSONAusgabe.antwort(
            StatusDarstellung(status: bereit ? "bereit" : "nicht bereit", pruefungen: pruefungen),
            status: bereit ? .ok : .serviceUnavailable, kopfzeilen: [.cacheControl: "no-store"])
    }

    func metrics(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        let bytes = dependencies.metrics.emitToBuffer()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func openapi(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDokument.yaml)))
    }

    static var anzeigenZaehler: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gewerbe", metricName: "anzeigen", unitName: "total",
            helpText: "Eingereichte Anzeigen nach Ergebnis (angenommen, abgelehnt, wiederholt) und Meldeart")
    }

    private func zaehle(_ ergebnis: String, _ meldeart: Meldeart) {
        dependencies.metrics.makeCounter(
            descriptor: Self.anzeigenZaehler, labels: [("ergebnis", ergebnis), ("meldeart", meldeart.rawValue)]
        ).increment()
    }
}
