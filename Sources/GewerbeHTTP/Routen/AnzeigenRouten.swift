import Foundation
import GewerbeDomain
import Hummingbird
import Prometheus

/// `/v1/anzeigen` (tag Anzeigen): submit an Anzeige, list and read cases, and the case work on
/// one: Berichtigung, Ruecknahme, Empfangsbescheinigung.
struct AnzeigenRouten: Sendable {
    let dependencies: APIDependencies
    var faelle: Fallbearbeitung { dependencies.fallbearbeitung }
    var limits: APILimits { dependencies.limits }

    func bereich() -> Routenbereich {
        let bereich = Routenbereich("/v1/anzeigen", tokenPruefer: dependencies.tokenPruefer)
        bereich.geschuetzt(.anzeigeEinreichen)
            .on(.post, als: .anzeigeEinreichen, use: einreichen)
        bereich.geschuetzt(.faelleLesen)
            .on(.get, als: .anzeigenListe, use: liste)
            .on(.get, "{id}", als: .anzeigeLesen, use: lesen)
        bereich.geschuetzt(.faelleBearbeiten)
            .on(.post, "{id}/berichtigungen", als: .anzeigeBerichtigen, use: berichtigen)
            .on(.post, "{id}/ruecknahme", als: .anzeigeZuruecknehmen, use: zuruecknehmen)
            .on(.post, "{id}/empfangsbescheinigung", als: .empfangsbescheinigung, use: empfangsbescheinigung)
        return bereich
    }

    func einreichen(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let schluessel = try Eingabe.idempotenzSchluessel(request)
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anzeige = try Eingabe.anzeige(aus: daten)
        let ergebnis = try await faelle.einreichen(anzeige, akteur: context.akteur, idempotenzSchluessel: schluessel)
        switch ergebnis {
        case .abgelehnt(let pruefung):
            zaehle("abgelehnt", anzeige.meldeart)
            throw APIProblem.validierung(pruefung)
        case .angenommen(let fall, let wiederholt):
            zaehle(wiederholt ? "wiederholt" : "angenommen", fall.meldeart)
            var kopf: HTTPFields = [.location: "/v1/anzeigen/\(fall.id.lowercased)", .eTag: fall.etag]
            if wiederholt { kopf[.idempotentReplayed] = "true" }
            return try JSONAusgabe.antwort(FallDarstellung(fall), status: .created, kopfzeilen: kopf)
        }
    }

    func liste(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
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
        let seite = try await faelle.faelle(filter, akteur: context.akteur)
        return try JSONAusgabe.antwort(SeitenDarstellung(seite, limit: filter.limit))
    }

    func lesen(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let id = try Eingabe.uuid(context)
        let fall = try await faelle.fall(id: id, akteur: context.akteur)
        return try JSONAusgabe.antwort(FallDarstellung(fall), kopfzeilen: [.eTag: fall.etag])
    }

    func berichtigen(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let id = try Eingabe.uuid(context)
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anfrage = try Eingabe.lesen(BerichtigungAnfrage.self, aus: daten, limits: limits)
        let ergebnis = try await faelle.berichtigen(
            fallId: id, anzeige: anfrage.anzeige, grund: anfrage.grund, ifMatch: request.headers[.ifMatch],
            akteur: context.akteur)
        switch ergebnis {
        case .abgelehnt(let pruefung):
            throw APIProblem.validierung(pruefung)
        case .angenommen(let fall, _):
            return try JSONAusgabe.antwort(
                FallDarstellung(fall),
                kopfzeilen: [.eTag: fall.etag, .contentLocation: "/v1/anzeigen/\(fall.id.lowercased)"])
        }
    }

    func zuruecknehmen(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let id = try Eingabe.uuid(context)
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anfrage = try Eingabe.lesen(RuecknahmeAnfrage.self, aus: daten, limits: limits)
        let fall = try await faelle.zuruecknehmen(
            fallId: id, grund: anfrage.grund, ifMatch: request.headers[.ifMatch], akteur: context.akteur)
        return try JSONAusgabe.antwort(FallDarstellung(fall), kopfzeilen: [.eTag: fall.etag])
    }

    func empfangsbescheinigung(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let id = try Eingabe.uuid(context)
        var anfrage: EmpfangsbescheinigungAnfrage?
        if let daten = try await Eingabe.koerper(request, limits: limits, optional: true) {
            anfrage = try Eingabe.lesen(EmpfangsbescheinigungAnfrage.self, aus: daten, limits: limits)
        }
        let fall = try await faelle.bescheinigeEmpfang(
            fallId: id, am: anfrage?.datum, anhaltspunkteZoll: anfrage?.anhaltspunkteZoll, akteur: context.akteur)
        return try JSONAusgabe.antwort(FallDarstellung(fall), kopfzeilen: [.eTag: fall.etag])
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
