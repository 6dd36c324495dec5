import Foundation
import GewerbeDomain
import Hummingbird

/// `/v1/betriebe` and `/v1/auskuenfte` (tag Register): the Gewerberegister (read a Betrieb,
/// search) and the Registerauskunft (section 14 Abs. 5-7 GewO).
struct RegisterRouten: Sendable {
    let dependencies: APIDependencies
    var faelle: Fallbearbeitung { dependencies.fallbearbeitung }
    var limits: APILimits { dependencies.limits }

    func bereich() -> Routenbereich {
        let bereich = Routenbereich("/v1", tokenPruefer: dependencies.tokenPruefer)
        bereich.geschuetzt(.registerLesen)
            .on(.get, "betriebe/{id}", als: .betriebLesen, use: betrieb)
            .on(.get, "betriebe", als: .betriebeSuchen, use: suche)
        bereich.geschuetzt(.auskunftErteilen)
            .on(.post, "auskuenfte", als: .auskunft, use: auskunft)
        return bereich
    }

    func betrieb(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let id = try Eingabe.uuid(context)
        let akte = try await faelle.betrieb(id: id, akteur: context.akteur)
        return try JSONAusgabe.antwort(BetriebDarstellung(akte))
    }

    func suche(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
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
        let seite = try await faelle.sucheBetriebe(suche, akteur: context.akteur)
        return try JSONAusgabe.antwort(SeitenDarstellung(seite, limit: suche.limit))
    }

    func auskunft(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        guard let daten = try await Eingabe.koerper(request, limits: limits) else { throw Eingabe.zuGross(limits) }
        let anfrage = try Eingabe.lesen(AuskunftAnfrage.self, aus: daten, limits: limits).anfrage
        let probleme = Auskunftsregel.pruefe(anfrage)
        guard probleme.isEmpty else {
            throw APIProblem(
                .unzulaessig, probleme.joined(separator: " "),
                probleme: probleme.map { EingabeProblem(pfad: "", art: .ungueltigerWert, meldung: $0) })
        }
        let auskunft = try await faelle.auskunft(anfrage, akteur: context.akteur)
        return try JSONAusgabe.antwort(auskunft)
    }
}
