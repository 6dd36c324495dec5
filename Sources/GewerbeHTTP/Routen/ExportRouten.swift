import Foundation
import GewerbeDomain
import GewerbeExport
import Hummingbird

/// `/v1/export` (tag Export): the monthly statistics export.
struct ExportRouten: Sendable {
    let dependencies: APIDependencies

    func bereich() -> Routenbereich {
        let bereich = Routenbereich("/v1/export", tokenPruefer: dependencies.tokenPruefer)
        bereich.geschuetzt(.statistikExport)
            .on(.get, "statistik", als: .statistikExport, use: statistik)
        return bereich
    }

    /// The monthly Gewerbeanzeigenstatistik as CSV (role `statistik`, docs/export-statistik.md):
    /// `monat=YYYY-MM` (required), `kommune=AGS[,AGS...]` (default: all of the token's),
    /// `trennzeichen=semikolon|komma|tab` (default `semikolon`), `bom=true|false` (default
    /// `true`). Streamed: the body is written block by block while the records are read, so the
    /// status line and headers go out first; a failure later cuts the body short (the client sees
    /// an incomplete transfer, never a truncated file that looks complete: the export is not
    /// chunk-terminated).
    func statistik(_ request: Request, _ context: AngemeldeterKontext) async throws -> Response {
        let akteur = context.akteur
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
                logger.error("statistics export failed", metadata: ["month": "\(monat)", "error": "\(error)"])
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
}
