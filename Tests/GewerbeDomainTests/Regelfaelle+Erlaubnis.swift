import Foundation
import GewerbeDomain
import GewerbeTestSupport

let erlaubnisMakler = Nachweis(
    liegtVor: true, ausgestelltAm: datum("2026-10-01"), ausgestelltVon: "Werra-Meißner-Kreis, Gewerbeaufsicht",
    bezeichnung: "Erlaubnis nach § 34c GewO")

/// Rows for permits, Reisegewerbe, Gaststaette and Handwerk (GEW-ERL-*, GEW-HWK-*).
enum RegelfaelleErlaubnis {
    static let faelle: [Regelfall] = [
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Immobilienmakler ohne Angabe zur Erlaubnis (§ 34c)") {
            $0.taetigkeiten = [taetigkeit("Vermittlung von Wohnungen und Häusern", wz: "68.31.1")]
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Versicherungsmakler nach Stichwort, Erlaubnis „nein“") {
            $0.taetigkeiten = [taetigkeit("Versicherungsmakler für Privatkunden", wz: nil)]
            $0.erlaubnis = Nachweis(liegtVor: false)
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Taxibetrieb (§ 2 PBefG)") {
            $0.taetigkeiten = [taetigkeit("Taxibetrieb mit zwei Fahrzeugen", wz: "49.32.0")]
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Zeitarbeit (§ 1 AÜG)", basis: .gmbh) {
            $0.taetigkeiten = [taetigkeit("Arbeitnehmerüberlassung im Bereich Logistik", wz: "78.20.0")]
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Sicherheitsdienst (§ 34a)") {
            $0.taetigkeiten = [taetigkeit("Sicherheitsdienst für Veranstaltungen", wz: "80.10.0")]
        },
        feuert(
            "GEW-ERL-001", .hinweis, "erlaubnis", feld: 25, "Ummeldung: neue Tätigkeit Spielhalle (§§ 33c, 33i)",
            basis: .ummeldung
        ) {
            $0.taetigkeiten?.append(
                taetigkeit("Betrieb einer Spielhalle", wz: "92.00.1", schwerpunkt: false, status: .neu))
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Bordell (§ 12 ProstSchG)", basis: .gmbh) {
            $0.taetigkeiten = [taetigkeit("Betrieb eines Bordells", wz: "96.09.0")]
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Waffenhandel (§ 21 WaffG)") {
            $0.taetigkeiten = [taetigkeit("Waffenhandel und Munition für Jäger", wz: "47.78.9")]
        },
        feuert("GEW-ERL-001", .hinweis, "erlaubnis", feld: 28, "Hausverwaltung (§ 34c Abs. 1 Nr. 4)") {
            $0.taetigkeiten = [taetigkeit("Hausverwaltung für Eigentümergemeinschaften", wz: nil)]
        },
        still("GEW-ERL-001", "Makler mit Erlaubnis") {
            $0.taetigkeiten = [taetigkeit("Vermittlung von Wohnungen und Häusern", wz: "68.31.1")]
            $0.erlaubnis = erlaubnisMakler
        },
        still("GEW-ERL-001", "Ummeldung: erlaubnispflichtige Tätigkeit wird nur weiter ausgeübt", basis: .ummeldung) {
            $0.taetigkeiten?[0] = taetigkeit("Vermittlung von Wohnungen", wz: "68.31.1", status: .weiterhin)
        },
        still("GEW-ERL-001", "IT-Security-Beratung ist kein Bewachungsgewerbe", basis: .gmbh) {
            $0.taetigkeiten?[1].beschreibung = "IT-Security-Beratung für Kommunen"
        },
        still("GEW-ERL-001", "Autovermietung ohne Fahrer braucht keine PBefG-Genehmigung") {
            $0.taetigkeiten = [taetigkeit("Vermietung von Pkw ohne Fahrer", wz: "77.11.0")]
        },

        feuert("GEW-ERL-002", .fehler, "erlaubnis.ausgestelltAm", feld: 28, "Erlaubnis „ja“ ohne Datum") {
            var erlaubnis = erlaubnisMakler
            erlaubnis.ausgestelltAm = nil
            $0.erlaubnis = erlaubnis
        },
        feuert(
            "GEW-ERL-002", .fehler, "erlaubnis.ausgestelltVon", feld: 25, "Erlaubnis „ja“ ohne Behörde (GewA 2)",
            basis: .ummeldung
        ) {
            var erlaubnis = erlaubnisMakler
            erlaubnis.ausgestelltVon = nil
            $0.erlaubnis = erlaubnis
        },
        still("GEW-ERL-002", "Erlaubnis „nein“ braucht keine Angaben") { $0.erlaubnis = Nachweis(liegtVor: false) },

        feuert("GEW-ERL-003", .hinweis, "reisegewerbe", feld: 24, "Reisegewerbe ohne Reisegewerbekarte") {
            $0.niederlassungsart = nil
            $0.reisegewerbe = true
            $0.taetigkeiten = [taetigkeit("Scherenschleifen und Messerschärfen von Haus zu Haus", wz: "95.29.0")]
        },
        still("GEW-ERL-003", "Reisegewerbe mit Reisegewerbekarte") {
            $0.niederlassungsart = nil
            $0.reisegewerbe = true
            $0.erlaubnis = Nachweis(
                liegtVor: true, ausgestelltAm: datum("2026-09-01"), ausgestelltVon: "Stadt Sontra",
                bezeichnung: "Reisegewerbekarte nach § 55 Abs. 2 GewO")
        },
        still("GEW-ERL-003", "stehendes Gewerbe") { $0.reisegewerbe = false },

        feuert("GEW-ERL-004", .hinweis, "taetigkeiten", feld: 18, "Café in Hessen") {
            $0.taetigkeiten = [taetigkeit("Café mit Kuchenverkauf", wz: "56.10.4")]
        },
        feuert("GEW-ERL-004", .hinweis, "taetigkeiten", feld: 18, "Kneipe nach Stichwort") {
            $0.taetigkeiten = [taetigkeit("Kneipe am Marktplatz", wz: nil)]
        },
        still("GEW-ERL-004", "Café außerhalb Hessens (Niedersachsen)") {
            $0.gemeindeschluessel = "03159016"
            $0.taetigkeiten = [taetigkeit("Café mit Kuchenverkauf", wz: "56.10.4")]
        },
        still("GEW-ERL-004", "Event-Caterer ist keine Gaststätte") {
            $0.taetigkeiten = [taetigkeit("Lieferung von Speisen für Veranstaltungen", wz: "56.21.0")]
        },

        feuert(
            "GEW-HWK-001", .hinweis, "handwerkskarte", feld: 29, "Elektroinstallation ohne Handwerkskarte",
            basis: .handwerk
        ) {
            $0.handwerkskarte = nil
        },
        feuert("GEW-HWK-001", .hinweis, "handwerkskarte", feld: 29, "Friseur nach Stichwort, Karte „nein“") {
            $0.taetigkeiten = [taetigkeit("Friseursalon für Damen und Herren", wz: nil)]
            $0.betriebsart = Betriebsart(handwerk: true)
            $0.handwerkskarte = Nachweis(liegtVor: false)
        },
        feuert(
            "GEW-HWK-001", .hinweis, "handwerkskarte", feld: 26, "Ummeldung: neu Kfz-Reparatur (45.20.3)",
            basis: .ummeldung
        ) {
            $0.taetigkeiten?.append(taetigkeit("Reparatur von Pkw", wz: "45.20.3", schwerpunkt: false, status: .neu))
        },
        feuert("GEW-HWK-001", .hinweis, "handwerkskarte", feld: 29, "Barbershop (Friseurhandwerk)") {
            $0.taetigkeiten = [taetigkeit("Barbershop: Haar- und Bartschnitt", wz: nil)]
        },
        still("GEW-HWK-001", "Handwerk mit Handwerkskarte", basis: .handwerk),
        still("GEW-HWK-001", "Autowaschanlage ist kein Handwerk der Anlage A") {
            $0.taetigkeiten = [taetigkeit("Betrieb einer Autowaschanlage", wz: "45.20.2")]
        },
        still("GEW-HWK-001", "Kosmetikstudio (handwerksähnlich, Anlage B)") {
            $0.taetigkeiten = [taetigkeit("Kosmetikstudio", wz: "96.02.2")]
        },

        feuert(
            "GEW-HWK-002", .fehler, "handwerkskarte.ausgestelltVon", feld: 29, "Handwerkskarte ohne Kammer",
            basis: .handwerk
        ) {
            $0.handwerkskarte?.ausgestelltVon = nil
        },
        feuert(
            "GEW-HWK-002", .fehler, "handwerkskarte.ausgestelltAm", feld: 29, "Handwerkskarte ohne Datum",
            basis: .handwerk
        ) {
            $0.handwerkskarte?.ausgestelltAm = nil
        },
        still("GEW-HWK-002", "Handwerkskarte „nein“", basis: .handwerk) {
            $0.handwerkskarte = Nachweis(liegtVor: false)
        },

        feuert(
            "GEW-HWK-003", .hinweis, "betriebsart.handwerk", feld: 21, "Elektroinstallation als „Sonstiges“",
            basis: .handwerk
        ) {
            $0.betriebsart = Betriebsart(sonstiges: true)
        },
        still("GEW-HWK-003", "Handwerk und Handel angekreuzt", basis: .handwerk) {
            $0.betriebsart = Betriebsart(handwerk: true, handel: true)
        },
        still("GEW-HWK-003", "nichts angekreuzt (Sache von GEW-PFL-021)", basis: .handwerk) { $0.betriebsart = nil },
    ]
}
