import Foundation
import GewerbeDomain
import Testing

/// The rule table of `docs/uebermittlung.md`, generated from the catalogue.
///
/// To rewrite it after changing the catalogue:
/// `GEWERBE_DOKU_AKTUALISIEREN=1 swift test --filter Uebermittlungsdokument`.
enum Uebermittlungsdokument {
    static let pfad = "docs/uebermittlung.md"
    static let anfang = "<!-- uebermittlungsregeln:anfang (generiert) -->"
    static let ende = "<!-- uebermittlungsregeln:ende -->"

    static func tabelle() -> String {
        func zeile(_ zellen: [String]) -> String {
            "| " + zellen.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        var out = anfang + "\n"
        out += zeile(["ID", "Empfänger", "Nachricht", "Vordrucke", "Wann", "Rechtsgrundlage"])
        out += "|---|---|---|---|---|---|\n"
        for regel in Uebermittlungsregeln.alle {
            let vordrucke =
                "GewA "
                + Meldeart.allCases.filter(regel.meldearten.contains).map {
                    String($0.formular.dropFirst(5))
                }.joined(separator: ", ")
            let typ = regel.empfaenger.nachrichtentyp + (regel.empfaenger.nachrichtentypBelegt ? "" : " (vorläufig)")
            out += zeile([
                regel.id, regel.empfaenger.bezeichnung, "`\(typ)`", vordrucke, regel.titel, regel.rechtsgrundlage,
            ])
        }
        for regel in Uebermittlungsregeln.verfahren {
            out += zeile([regel.id, regel.empfaenger, "–", "GewA 1, 2, 3", regel.titel, regel.rechtsgrundlage])
        }
        return out + ende
    }
}

@Suite struct UebermittlungsdokumentTests {
    @Test func dieRegeltabelleStimmtMitDemKatalog() throws {
        let url = Paket.datei(Uebermittlungsdokument.pfad)
        var dokument = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(dokument.range(of: Uebermittlungsdokument.anfang), "Anfangsmarke fehlt")
        let stop = try #require(
            dokument.range(of: Uebermittlungsdokument.ende, range: start.upperBound..<dokument.endIndex),
            "Endmarke fehlt")
        let erwartet = Uebermittlungsdokument.tabelle()
        if ProcessInfo.processInfo.environment["GEWERBE_DOKU_AKTUALISIEREN"] != nil {
            dokument.replaceSubrange(start.lowerBound..<stop.upperBound, with: erwartet)
            try dokument.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let ist = String(dokument[start.lowerBound..<stop.upperBound])
        #expect(
            ist == erwartet,
            "docs/uebermittlung.md weicht vom Katalog ab; neu erzeugen: GEWERBE_DOKU_AKTUALISIEREN=1 swift test --filter Uebermittlungsdokument"
        )
    }

    @Test func jederEmpfaengerDesVerzeichnissesIstBeschrieben() throws {
        let dokument = try Paket.text(Uebermittlungsdokument.pfad)
        for art in Empfaengerart.allCases {
            #expect(dokument.contains("`\(art.rawValue)`"), "\(art.rawValue) fehlt in \(Uebermittlungsdokument.pfad)")
        }
    }
}
