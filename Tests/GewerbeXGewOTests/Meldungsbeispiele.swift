import Foundation
import GewerbeDomain
import GewerbeTestSupport
import GewerbeXGewO

private typealias B = Uebermittlungsbeispiele

/// The acceptance fixtures of the messages: a case, what was sent before (for a correction), and
/// the messages it causes, each written from fixed identities so that the output is stable.
struct Meldungsbeispiel: Sendable, CustomStringConvertible {
    let name: String
    let lage: Uebermittlungslage
    /// The Betrieb's declared data after and before the Anzeige (Ummeldung, Berichtigung).
    var nachher: Anzeige? = nil
    var vorher: Anzeige? = nil
    /// A Berichtigung after transmission: the messages are Datenaktualisierungen.
    var berichtigung = false

    var description: String { name }

    static let betriebId = UUID(uuidString: "3c7a9e52-1d4b-4f6a-8e2c-5b9d0a1f7e34")!
    static let erstellt = Date(timeIntervalSince1970: 1_796_115_600)  // 2026-12-01 09:00:00 UTC

    var nachrichten: [GeplanteNachricht] {
        let plan = Uebermittlung.plan(lage).nachrichten
        return berichtigung ? Uebermittlung.datenaktualisierung(nach: plan) : plan
    }

    /// Every message of the case, numbered for fixed UUIDs.
    var auftraege: [Nachrichtenauftrag] {
        let ags = lage.anzeige.gemeindeschluessel ?? ""
        let gemeinde = Beispielanzeigen.kommunen.first { $0.ags == ags }?.name ?? ags
        return nachrichten.enumerated().map { index, nachricht in
            Nachrichtenauftrag(
                nachricht: nachricht,
                nachrichtenUUID: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index + 1))!,
                satzUUID: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!, erstellt: Self.erstellt,
                autor: .gewerbeamt(ags: ags, name: "Gemeindevorstand \(gemeinde), Gewerbeamt"),
                leser: Self.leser(nachricht, ags: ags), anzeige: lage.anzeige, nachher: nachher, vorher: vorher,
                betriebId: lage.anzeige.betriebId ?? Self.betriebId, aktenzeichen: "GEW-\(ags)-2026-000042",
                anhaltspunkteZoll: lage.anhaltspunkteZoll)
        }
    }

    /// The reader from the shipped directory; where its key is still to be asked for, `unbekannt`.
    static func leser(_ nachricht: GeplanteNachricht, ags: String) -> Kommunikationspartner {
        if nachricht.empfaenger == .gewerbeamt, let ziel = nachricht.gemeindeschluessel {
            return .gewerbeamt(ags: ziel, name: "Gewerbeamt \(ziel)")
        }
        let adresse = verzeichnis.adresse(nachricht.empfaenger, ags: ags)
        return Kommunikationspartner(
            praefix: adresse?.praefix ?? "xga", kennung: adresse?.kennung ?? "unbekannt",
            name: adresse?.name ?? nachricht.empfaenger.bezeichnung)
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let verzeichnis: Empfaengerverzeichnis = {
        let config = repository.appending(path: "config")
        return try! Empfaengerverzeichnis(
            empfaenger: String(contentsOf: config.appending(path: "empfaenger.csv"), encoding: .utf8),
            einstellungen: String(contentsOf: config.appending(path: "uebermittlung.csv"), encoding: .utf8),
            dateinamen: ("empfaenger.csv", "uebermittlung.csv"))
    }()

    /// The GmbH with two Geschaeftsfuehrer and a Betriebsleiter as vertretungsberechtigte Person.
    static var gmbh: Anzeige {
        B.geaendert(Beispielanzeigen.gmbh) { $0.betriebsleiter = Name(familienname: "Hoffmann", vornamen: "Jens") }
    }

    static let alle: [Meldungsbeispiel] = [
        Meldungsbeispiel(name: "friseur-handwerkskarte", lage: B.lage(B.friseur)),
        Meldungsbeispiel(name: "gmbh-zwei-geschaeftsfuehrer", lage: B.lage(gmbh)),
        Meldungsbeispiel(
            name: "ummeldung-mit-zustand-vorher",
            lage: B.lage(Beispielanzeigen.ummeldung, vorher: B.blumenladenVorher),
            nachher: Beispielanzeigen.blumenladenZustand(nachUmmeldung: true).angaben,
            vorher: B.blumenladenVorher.angaben),
        Meldungsbeispiel(name: "abmeldung-hrb", lage: B.lage(B.gmbhAbmeldung)),
        Meldungsbeispiel(name: "drittstaatsangehoerige", lage: B.lage(B.drittstaat)),
        Meldungsbeispiel(name: "lebensmittelbetrieb", lage: B.lage(B.imbiss)),
        Meldungsbeispiel(name: "verlegung-von-ausserhalb", lage: B.lage(B.verlegungVonAussen)),
        Meldungsbeispiel(
            name: "berichtigung-nach-uebermittlung",
            lage: B.lage(B.geaendert(B.friseur) { $0.geschaeftsbezeichnung = "Salon Weiß & Söhne" }),
            vorher: B.friseur, berichtigung: true),
        Meldungsbeispiel(
            name: "zoll-mit-anhaltspunkten",
            lage: B.lage(B.friseur, anhaltspunkte: "Beschäftigte ohne Anmeldung bei der Sozialversicherung")),
    ]
}
