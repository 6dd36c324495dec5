import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

@Suite("Lebenszyklus eines Betriebs")
struct LebenszyklusTests {
    let id = Beispielanzeigen.betriebIdBlumenladen
    let anmeldung = Beispielanzeigen.blumenladenAnmeldung
    let ummeldung = Beispielanzeigen.ummeldung
    let abmeldung = Beispielanzeigen.abmeldung

    @Test("Anmeldung, Ummeldung, Abmeldung ergeben einen abgemeldeten Betrieb mit den geänderten Angaben")
    func anUmAb() throws {
        let offen = try #require(try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung]))
        #expect(offen.status == .offen)
        #expect(offen.beginn == datum("2021-04-01"))
        #expect(offen.gemeindeschluessel == Beispielanzeigen.waldkappel.ags)
        #expect(offen.anzahlAnzeigen == 1)
        #expect(offen.name == "Blumen Hartmann")

        let umgemeldet = try Lebenszyklus.anwenden(ummeldung, auf: offen, betriebId: id)
        #expect(umgemeldet.status == .offen)
        #expect(umgemeldet.letzteAenderung == datum("2026-11-16"))
        #expect(umgemeldet.beginn == offen.beginn)
        #expect(umgemeldet.angaben.betriebsstaette?.anschrift?.strasse == "Marktplatz")
        #expect(umgemeldet.angaben.taetigkeiten?.count == 2)
        #expect(
            umgemeldet.angaben.taetigkeiten?.allSatisfy { $0.status == nil } == true,
            "Status neu/weiterhin gehört nur zur Ummeldung")
        #expect(umgemeldet.angaben.beschaeftigte == Beschaeftigte(teilzeit: 2))
        #expect(umgemeldet.angaben.meldeart == .anmeldung, "Die Angaben bleiben die der Anmeldung, fortgeschrieben")
        #expect(umgemeldet.anzahlAnzeigen == 2)

        let abgemeldet = try Lebenszyklus.anwenden(abmeldung, auf: umgemeldet, betriebId: id)
        #expect(abgemeldet.status == .abgemeldet)
        #expect(abgemeldet.ende == datum("2026-11-30"))
        #expect(abgemeldet.anzahlAnzeigen == 3)

        let gefaltet = try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung, ummeldung, abmeldung])
        #expect(gefaltet == abgemeldet)
    }

    @Test("Eine leere Geschichte ergibt keinen Betrieb")
    func leereGeschichte() throws {
        #expect(try Lebenszyklus.zustand(betriebId: id, anzeigen: []) == nil)
    }

    @Test("Eine Ummeldung ohne Angaben lässt die bisherigen Angaben stehen")
    func ummeldungUebernimmtNurGegebenes() throws {
        let offen = try #require(try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung]))
        var knapp = Anzeige(meldeart: .ummeldung, gemeindeschluessel: Beispielanzeigen.waldkappel.ags, betriebId: id)
        knapp.datumAenderung = datum("2022-01-10")
        knapp.sonstigeGruendeUmmeldung = "Neue Telefonnummer"
        knapp.personen = []
        let neu = try Lebenszyklus.anwenden(knapp, auf: offen, betriebId: id)
        #expect(neu.angaben.personen == anmeldung.personen, "eine leere Personenliste ersetzt nichts")
        #expect(neu.angaben.taetigkeiten == anmeldung.taetigkeiten)
        #expect(neu.angaben.betriebsstaette == anmeldung.betriebsstaette)
        #expect(neu.letzteAenderung == datum("2022-01-10"))
    }

    @Test("Nach der Abmeldung ist nur eine neue Anmeldung möglich")
    func nichtsNachDerAbmeldung() throws {
        let abgemeldet = blumenladenAbgemeldet()
        #expect(throws: LebenszyklusVerstoss.self) {
            try Lebenszyklus.anwenden(ummeldung, auf: abgemeldet, betriebId: id)
        }
        let verstoesse = Lebenszyklus.verstoesse(abmeldung, nach: abgemeldet)
        #expect(verstoesse.map(\.regel) == ["GEW-LZ-004"])
        #expect(verstoesse.first?.meldung.contains("30.11.2026") == true)

        do {
            _ = try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung, abmeldung, ummeldung])
            Issue.record("Eine Ummeldung nach der Abmeldung wurde angenommen")
        } catch {
            #expect(error.regel == "GEW-LZ-004")
            #expect(error.meldung.hasPrefix("Anzeige Nr. 3:"))
        }

        // The same business can be opened again: a new Anmeldung opens a new Betrieb.
        var wieder = anmeldung
        wieder.beginn = datum("2027-03-01")
        let neu = try #require(try Lebenszyklus.zustand(betriebId: UUID(), anzeigen: [wieder]))
        #expect(neu.status == .offen)
    }

    @Test("Um- und Abmeldung ohne Anmeldung")
    func ohneAnmeldung() {
        #expect(Lebenszyklus.verstoesse(ummeldung, nach: nil).map(\.regel) == ["GEW-LZ-003"])
        #expect(Lebenszyklus.verstoesse(abmeldung, nach: nil).map(\.regel) == ["GEW-LZ-003"])
        #expect(
            throws: LebenszyklusVerstoss(
                regel: "GEW-LZ-003",
                meldung: "Anzeige Nr. 1: Gewerbeabmeldung ohne bestehenden Betrieb: zuerst ist eine Anmeldung nötig.")
        ) {
            try Lebenszyklus.zustand(betriebId: id, anzeigen: [abmeldung])
        }
    }

    @Test("Eine Anmeldung bezieht sich auf keinen bestehenden Betrieb")
    func anmeldungNachAnmeldung() throws {
        let offen = try #require(try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung]))
        #expect(Lebenszyklus.verstoesse(anmeldung, nach: offen).map(\.regel) == ["GEW-LZ-002"])
        #expect(throws: LebenszyklusVerstoss.self) {
            try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung, anmeldung])
        }
    }

    @Test("Andere Gemeinde und Datum vor dem Beginn, alle Verstöße auf einmal")
    func gemeindeUndDatum() throws {
        let offen = try #require(try Lebenszyklus.zustand(betriebId: id, anzeigen: [anmeldung]))
        var falsch = ummeldung
        falsch.gemeindeschluessel = Beispielanzeigen.sontra.ags
        #expect(Lebenszyklus.verstoesse(falsch, nach: offen).map(\.regel) == ["GEW-LZ-005"])

        var frueh = abmeldung
        frueh.datumAufgabe = datum("2021-03-31")
        #expect(Lebenszyklus.verstoesse(frueh, nach: offen).map(\.regel) == ["GEW-LZ-006"])
        var amBeginn = abmeldung
        amBeginn.datumAufgabe = datum("2021-04-01")
        #expect(Lebenszyklus.verstoesse(amBeginn, nach: offen).isEmpty)

        var allesFalsch = frueh
        allesFalsch.gemeindeschluessel = Beispielanzeigen.sontra.ags
        let verstoesse = Lebenszyklus.verstoesse(allesFalsch, nach: blumenladenAbgemeldet())
        #expect(verstoesse.map(\.regel) == ["GEW-LZ-004", "GEW-LZ-005", "GEW-LZ-006"])
    }

    @Test("Die Regeln GEW-LZ-003 bis -006 melden dasselbe wie der Lebenszyklus")
    func regelnWieLebenszyklus() {
        var allesFalsch = abmeldung
        allesFalsch.gemeindeschluessel = Beispielanzeigen.sontra.ags
        allesFalsch.datumAufgabe = datum("2021-03-31")
        let kontext = Beispielanzeigen.kontext(betrieb: .bekannt(blumenladenAbgemeldet()))
        let regeln = Pruefer.pruefe(allesFalsch, kontext: kontext).befunde.map(\.regel).filter {
            $0.hasPrefix("GEW-LZ")
        }
        #expect(regeln == ["GEW-LZ-004", "GEW-LZ-005", "GEW-LZ-006"])
    }
}

@Suite("Rückmeldeverfahren (§ 14 Abs. 1 GewO seit 1. November 2025)")
struct RueckmeldeverfahrenTests {
    let anmeldung = Beispielanzeigen.verlegung
    let alterBetrieb = Beispielanzeigen.schreibbueroSontraZustand

    @Test(
        "Eine Verlegung aus einem anderen Meldebezirk löst ab 1.11.2025 die Rückmeldung aus",
        arguments: [
            ("2025-10-31", false), ("2025-11-01", true), ("2026-11-20", true),
        ])
    func stichtag(_ eingang: String, _ erwartet: Bool) {
        var verlegung = anmeldung
        verlegung.eingangsdatum = datum(eingang)
        #expect(Lebenszyklus.loestRueckmeldungAus(verlegung) == erwartet)
    }

    @Test("Nur eine Anmeldung mit Grund „Verlegung aus anderem Meldebezirk“ löst sie aus")
    func nurVerlegung() {
        var neugruendung = anmeldung
        neugruendung.grundAnmeldung = .neugruendung
        #expect(!Lebenszyklus.loestRueckmeldungAus(neugruendung))
        #expect(!Lebenszyklus.loestRueckmeldungAus(Beispielanzeigen.abmeldung))
        var ohneEingang = anmeldung
        ohneEingang.eingangsdatum = nil
        #expect(Lebenszyklus.loestRueckmeldungAus(ohneEingang), "ohne Eingangsdatum zählt der Beginn")
        ohneEingang.beginn = datum("2025-10-01")
        #expect(!Lebenszyklus.loestRueckmeldungAus(ohneEingang))
    }

    @Test("Die alte Behörde meldet zum Vortag des neuen Beginns ab, aus ihren eigenen Registerdaten")
    func abmeldungAmVortag() throws {
        let ab = Lebenszyklus.rueckmeldungsAbmeldung(
            anmeldung: anmeldung, alterBetrieb: alterBetrieb, eingang: Beispielanzeigen.heute)
        #expect(ab.meldeart == .abmeldung)
        #expect(ab.datumAufgabe == datum("2026-11-30"))
        #expect(ab.datumAufgabe == anmeldung.beginn?.plusTage(-1))
        #expect(ab.gemeindeschluessel == Beispielanzeigen.sontra.ags)
        #expect(ab.betriebId == Beispielanzeigen.betriebIdSchreibbueroSontra)
        #expect(ab.grundAbmeldung == .verlegungInAnderenMeldebezirk)
        #expect(ab.eingangskanal == .rueckmeldung)
        #expect(ab.kuenftigeBetriebsstaette == anmeldung.betriebsstaette)
        #expect(ab.betriebsstaette == alterBetrieb.angaben.betriebsstaette, "die alte Betriebsstätte aus dem Register")
        #expect(ab.personen == alterBetrieb.angaben.personen)

        let ergebnis = Pruefer.pruefe(ab, kontext: Beispielanzeigen.kontext(betrieb: .bekannt(alterBetrieb)))
        #expect(ergebnis.befunde.isEmpty, "\(ergebnis.befunde.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" })")

        let danach = try Lebenszyklus.anwenden(ab, auf: alterBetrieb, betriebId: alterBetrieb.betriebId)
        #expect(danach.status == .abgemeldet)
        #expect(danach.ende == datum("2026-11-30"))
    }

    @Test("Die Anmeldung am neuen Ort ist selbst fehlerfrei und eröffnet einen neuen Betrieb")
    func neuerBetrieb() throws {
        #expect(Pruefer.pruefe(anmeldung, kontext: Beispielanzeigen.kontext()).befunde.isEmpty)
        let neu = try #require(try Lebenszyklus.zustand(betriebId: UUID(), anzeigen: [anmeldung]))
        #expect(neu.gemeindeschluessel == Beispielanzeigen.witzenhausen.ags)
        #expect(neu.beginn == datum("2026-12-01"))
    }

    @Test("Ein neuer Beginn vor dem alten Beginn ergibt eine unzulässige Abmeldung")
    func beginnVorAltemBeginn() {
        var frueh = anmeldung
        frueh.beginn = datum("2020-01-15")
        let ab = Lebenszyklus.rueckmeldungsAbmeldung(
            anmeldung: frueh, alterBetrieb: alterBetrieb, eingang: Beispielanzeigen.heute)
        #expect(throws: LebenszyklusVerstoss.self) {
            try Lebenszyklus.anwenden(ab, auf: alterBetrieb, betriebId: alterBetrieb.betriebId)
        }
        let regeln = Pruefer.pruefe(ab, kontext: Beispielanzeigen.kontext(betrieb: .bekannt(alterBetrieb))).fehler.map(
            \.regel)
        #expect(regeln == ["GEW-LZ-006"])
    }
}
