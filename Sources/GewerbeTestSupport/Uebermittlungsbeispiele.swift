import Foundation
import GewerbeDomain

/// The situations the table and the fixtures start from.
public enum Uebermittlungsbeispiele {
    public static let kassel = "06611000"

    public static func lage(
        _ anzeige: Anzeige, vorher: BetriebZustand? = nil, einstellungen: Uebermittlungseinstellungen = .init(),
        herkunftInInstanz: Bool = false, anhaltspunkte: String? = nil
    ) -> Uebermittlungslage {
        Uebermittlungslage(
            anzeige: anzeige, vorher: vorher, einstellungen: einstellungen, herkunftInInstanz: herkunftInInstanz,
            anhaltspunkteZoll: anhaltspunkte)
    }

    public static func geaendert(_ anzeige: Anzeige, _ aendern: (inout Anzeige) -> Void) -> Anzeige {
        var kopie = anzeige
        aendern(&kopie)
        return kopie
    }

    /// Einzelunternehmen: a hairdresser with Handwerkskarte (Anlage A Nr. 38 HwO).
    public static var friseur: Anzeige {
        geaendert(Beispielanzeigen.einzelunternehmen) {
            $0.geschaeftsbezeichnung = "Salon Weiß"
            $0.taetigkeiten = [
                Taetigkeit(
                    beschreibung: "Friseursalon für Damen und Herren", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "96.02.1"))
            ]
            $0.betriebsart = Betriebsart(handwerk: true)
            $0.handwerkskarte = Nachweis(
                liegtVor: true, ausgestelltAm: Datum(iso: "2026-11-02"), ausgestelltVon: "Handwerkskammer Kassel")
        }
    }

    /// The GmbH's Abmeldung: a company entered in the Handelsregister B.
    public static var gmbhAbmeldung: Anzeige {
        geaendert(Beispielanzeigen.gmbh) {
            $0.meldeart = .abmeldung
            $0.betriebId = UUID(uuidString: "5b0e0c5a-3f0e-4c59-9a66-0d6e2a7c1f11")
            $0.beginn = nil
            $0.datumAufgabe = Datum(iso: "2026-12-31")
            $0.grundAbmeldung = .vollstaendigeAufgabe
        }
    }

    /// A Turkish national opens a Schreibbuero (needs an Aufenthaltstitel).
    public static var drittstaat: Anzeige {
        geaendert(Beispielanzeigen.einzelunternehmen) {
            $0.personen?[0].staatsangehoerigkeiten = ["163"]
            $0.personen?[0].aufenthaltstitel = Aufenthaltstitel(liegtVor: true, auflage: false)
        }
    }

    /// A snack bar (WZ 56.10.5 Imbissstuben).
    public static var imbiss: Anzeige {
        geaendert(Beispielanzeigen.einzelunternehmen) {
            $0.geschaeftsbezeichnung = "Imbiss am Markt"
            $0.taetigkeiten = [
                Taetigkeit(
                    beschreibung: "Imbiss mit Speisen zum Mitnehmen", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "56.10.5"))
            ]
        }
    }

    /// A Verlegung from Kassel, which is not a tenant of this instance.
    public static var verlegungVonAussen: Anzeige {
        geaendert(Beispielanzeigen.verlegung) { $0.herkunft = Herkunft(gemeindeschluessel: kassel) }
    }

    public static var blumenladenVorher: BetriebZustand { Beispielanzeigen.blumenladenZustand(nachUmmeldung: false) }
}
