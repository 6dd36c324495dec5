import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The use cases' decisions as pure tables: what was loaded in, what is to be written (or the
/// error) out. No store is involved; the stores' own contract is ``FallspeicherVertrag``.
@Suite("Fallbearbeitung: Entscheidungen")
struct FallbearbeitungTests {
    static let heute = Beispielanzeigen.heute
    static let jetzt = Date(timeIntervalSince1970: 1_795_000_000)
    static let waldkappel = Beispielanzeigen.waldkappel.ags
    static let sb = Akteur(
        tokenId: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, bezeichnung: "Sachbearbeitung Waldkappel",
        rolle: .sachbearbeitung, kommunen: [waldkappel])
    static var sicht: Sicht { try! Sicht(sb, alleKommunen: []) }
    static let fallId = UUID(uuidString: "00000000-0000-0000-0000-0000000000f1")!
    static let neueBetriebId = UUID(uuidString: "00000000-0000-0000-0000-0000000000b1")!

    /// A stored case of the flower shop (Anmeldung, then `weitere` further cases).
    static func gespeichert(_ anzeige: Anzeige, id: UUID = fallId, revision: Int = 1) -> Fall {
        Fall(
            id: id, aktenzeichen: "\(waldkappel)-2026-00001", gemeindeschluessel: waldkappel,
            betriebId: Beispielanzeigen.betriebIdBlumenladen, meldeart: anzeige.meldeart, status: .wirksam,
            versionen: [
                Fallversion(
                    version: 1, anzeige: anzeige, hinweise: [], erfasstAm: jetzt, erfasstVon: "sb",
                    berichtigungsgrund: nil)
            ], empfangsbescheinigung: nil, ablage: .ausstehend, revision: revision, ruecknahme: nil)
    }

    static func entscheide(
        _ anzeige: Anzeige, lage: Einreichung.Lage = Einreichung.Lage(), schluessel: String? = nil
    )
        throws(FallFehler) -> Einreichung.Beschluss
    {
        let abfrage = Einreichung.abfrage(anzeige, sicht: sicht, idempotenzSchluessel: schluessel)
        return try Einreichung.entscheide(
            abfrage, lage: lage, heute: heute, jetzt: jetzt, einstellungen: Pruefeinstellungen(), fallId: fallId,
            neueBetriebId: neueBetriebId)
    }

    static func fehler(_ ablauf: () throws(FallFehler) -> Void) -> FallFehler? {
        do throws(FallFehler) {
            try ablauf()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Einreichung

    struct Einreichungsfall: Sendable, CustomTestStringConvertible {
        let name: String
        let anzeige: Anzeige
        let lage: Einreichung.Lage
        /// `angenommen@position`, `abgelehnt`, `wiederholt`, or the error's case name.
        let erwartet: String
        var testDescription: String { name }
    }

    static var einreichungen: [Einreichungsfall] {
        let anmeldung = Beispielanzeigen.blumenladenAnmeldung
        let ummeldung = Beispielanzeigen.ummeldung
        let zustand = Beispielanzeigen.blumenladenZustand(nachUmmeldung: false)
        let betrieb = GespeicherterBetrieb(
            ags: waldkappel, id: Beispielanzeigen.betriebIdBlumenladen, zustand: zustand, anzahlFaelle: 2)
        var fremd = anmeldung
        fremd.gemeindeschluessel = Beispielanzeigen.sontra.ags
        var ohneGemeinde = anmeldung
        ohneGemeinde.gemeindeschluessel = nil
        return [
            .init(name: "Anmeldung öffnet den Betrieb", anzeige: anmeldung, lage: .init(), erwartet: "angenommen@1"),
            .init(
                name: "Ummeldung folgt den Fällen des Betriebs", anzeige: ummeldung, lage: .init(betrieb: betrieb),
                erwartet: "angenommen@3"),
            .init(
                name: "Ummeldung eines unbekannten Betriebs", anzeige: ummeldung, lage: .init(), erwartet: "abgelehnt"),
            .init(name: "fremde Gemeinde", anzeige: fremd, lage: .init(), erwartet: "nichtBerechtigt"),
            .init(name: "Pflichtangabe fehlt", anzeige: ohneGemeinde, lage: .init(), erwartet: "abgelehnt"),
            .init(
                name: "Idempotency-Key, gleiche Anzeige",
                anzeige: anmeldung, lage: .init(frueher: (gespeichert(anmeldung), true)), erwartet: "wiederholt"),
            .init(
                name: "Idempotency-Key, andere Anzeige", anzeige: anmeldung,
                lage: .init(frueher: (gespeichert(anmeldung), false)), erwartet: "idempotenzKonflikt"),
        ]
    }

    @Test(arguments: einreichungen)
    func einreichung(_ fall: Einreichungsfall) {
        let ergebnis: String
        do throws(FallFehler) {
            switch try Self.entscheide(fall.anzeige, lage: fall.lage, schluessel: "k1") {
            case .angenommen(let neu, _): ergebnis = "angenommen@\(neu.position)"
            case .abgelehnt: ergebnis = "abgelehnt"
            case .wiederholt: ergebnis = "wiederholt"
            }
        } catch {
            ergebnis = error.art
        }
        #expect(ergebnis == fall.erwartet)
    }

    @Test func angenommeneAnmeldungNenntAllesZuSchreibende() throws {
        guard
            case .angenommen(let neu, let rueckmeldung) = try Self.entscheide(
                Beispielanzeigen.blumenladenAnmeldung, schluessel: "k1")
        else {
            Issue.record("nicht angenommen")
            return
        }
        #expect(!rueckmeldung)
        #expect(neu.id == Self.fallId && neu.betriebId == Self.neueBetriebId && neu.ags == Self.waldkappel)
        #expect(neu.betrieb.status == .offen && neu.betrieb.betriebId == Self.neueBetriebId)
        #expect(neu.idempotenz == Idempotenzschluessel(kennung: Self.sicht.idempotenzKennung, schluessel: "k1"))
        #expect(neu.audit.aktion == "anzeige.einreichen" && neu.audit.objektId == Self.fallId.lowercased)
        #expect(neu.audit.details["meldeart"] == .text("anmeldung"))
        #expect(neu.anzeigeJSON == String(decoding: neu.anzeige.json(), as: UTF8.self))
        #expect(neu.fall(aktenzeichen: "A").aktuell.version == 1)
    }

    @Test func verlegungLoestDieRueckmeldungAus() throws {
        let sicht = try Sicht(
            Akteur(
                tokenId: nil, bezeichnung: "sb", rolle: .sachbearbeitung, kommunen: [Beispielanzeigen.witzenhausen.ags]),
            alleKommunen: [])
        var verlegung = Beispielanzeigen.verlegung
        verlegung.herkunft = Herkunft(gemeindeschluessel: Beispielanzeigen.sontra.ags)
        let abfrage = Einreichung.abfrage(verlegung, sicht: sicht, idempotenzSchluessel: nil)
        #expect(abfrage.herkunftAGS == Beispielanzeigen.sontra.ags)
        #expect(abfrage.fruehererOrt == verlegung.fruehereBetriebsstaette?.anschrift?.vergleichsschluessel)
        guard
            case .angenommen(_, let rueckmeldung) = try Einreichung.entscheide(
                abfrage, lage: .init(), heute: Self.heute, jetzt: Self.jetzt, einstellungen: Pruefeinstellungen(),
                fallId: Self.fallId, neueBetriebId: Self.neueBetriebId)
        else {
            Issue.record("nicht angenommen")
            return
        }
        #expect(rueckmeldung)
    }

    // MARK: Rueckmeldung

    @Test(arguments: [
        ("nicht in der Instanz", false, 0, "gemeinde_nicht_in_instanz"),
        ("kein Kandidat", true, 0, "betrieb_nicht_gefunden"),
        ("zwei Kandidaten", true, 2, "betrieb_mehrdeutig"),
        ("genau einer", true, 1, "abmelden"),
    ])
    func rueckmeldung(_ name: String, _ inInstanz: Bool, _ kandidaten: Int, _ erwartet: String) {
        let sontra = Beispielanzeigen.sontra.ags
        var verlegung = Beispielanzeigen.verlegung
        verlegung.herkunft = Herkunft(gemeindeschluessel: sontra)
        var anmeldung = Self.gespeichert(verlegung)
        anmeldung.gemeindeschluessel = Beispielanzeigen.witzenhausen.ags
        let alt = Beispielanzeigen.schreibbueroSontraZustand
        let lage = Einreichung.Lage(
            herkunftInInstanz: inInstanz,
            herkunft: (0..<kandidaten).map { i in
                GespeicherterBetrieb(ags: sontra, id: i == 0 ? alt.betriebId : UUID(), zustand: alt, anzahlFaelle: 1)
            })
        let beschluss = Rueckmeldung.entscheide(
            anmeldung: anmeldung, lage: lage, ausgeloestVon: Self.sb, heute: Self.heute, jetzt: Self.jetzt,
            einstellungen: Pruefeinstellungen(), vermerkId: UUID(), abmeldungId: Self.fallId)
        switch beschluss {
        case .offen(let vermerk):
            #expect(vermerk.grund == erwartet, "\(name)")
            #expect(vermerk.istOffen && vermerk.audit.aktion == "rueckmeldung.offen" && vermerk.audit.akteur == .system)
        case .abmelden(let neu):
            #expect(erwartet == "abmelden", "\(name)")
            #expect(neu.ags == sontra && neu.betriebId == alt.betriebId && neu.position == 2)
            #expect(neu.anzeige.meldeart == .abmeldung && neu.ausloesend == anmeldung.id)
            #expect(neu.betrieb.status == .abgemeldet && neu.audit.aktion == "anzeige.rueckmeldung")
        }
    }

    // MARK: Aenderungen

    @Test(arguments: [
        (nil as String?, "vorbedingungFehlt"), ("\"falsch\"", "veraltet"),
        ("\"x\", \"00000000-0000-0000-0000-0000000000f1-r1\"", "ok"),
    ])
    func vorbedingung(_ ifMatch: String?, _ erwartet: String) {
        let fehler = Self.fehler { () throws(FallFehler) in
            try Aenderung.pruefeVorbedingung(ifMatch, Self.gespeichert(Beispielanzeigen.blumenladenAnmeldung))
        }
        #expect(fehler.map(\.art) ?? "ok" == erwartet)
    }

    @Test(arguments: [
        ("heute", 0, false, false, nil as String?),
        ("schon bescheinigt", 0, true, false, "konflikt"),
        ("zurückgenommen", 0, false, true, "konflikt"),
        ("in der Zukunft", 1, false, false, "unzulaessig"),
        ("vor dem Eingang", -3000, false, false, "unzulaessig"),
    ])
    func empfangsbescheinigung(_ name: String, _ tage: Int, _ bescheinigt: Bool, _ zurueck: Bool, _ erwartet: String?) {
        var fall = Self.gespeichert(Beispielanzeigen.ummeldung)
        if bescheinigt {
            fall.empfangsbescheinigung = Empfangsbescheinigung(ausgestelltAm: Self.heute, ausgestelltVon: "x")
        }
        if zurueck { fall.status = .zurueckgenommen }
        var aenderung: Fallaenderung?
        let fehler = Self.fehler { () throws(FallFehler) in
            aenderung = try Aenderung.bescheinige(
                fall, am: Self.heute.plusTage(tage), akteur: Self.sb, heute: Self.heute, jetzt: Self.jetzt)
        }
        #expect(fehler.map(\.art) == erwartet, "\(name)")
        if erwartet == nil {
            #expect(aenderung?.auftrag == .empfangsbescheinigung && aenderung?.betrieb == nil)
            #expect(aenderung?.fall.empfangsbescheinigung?.ausgestelltAm == Self.heute)
            #expect(aenderung?.audit.details["ausgestellt_am"] == .text(Self.heute.iso))
        }
    }

    /// The flower shop's history: Anmeldung and Ummeldung, the first or the last to withdraw.
    static func lage(aendern index: Int) -> Aenderungslage {
        let faelle = [
            gespeichert(Beispielanzeigen.blumenladenAnmeldung, id: UUID()),
            gespeichert(Beispielanzeigen.ummeldung, id: UUID()),
        ]
        return Aenderungslage(
            fall: faelle[index], faelle: faelle, betriebAGS: waldkappel,
            betriebId: Beispielanzeigen.betriebIdBlumenladen)
    }

    @Test(arguments: [
        ("die Ummeldung", 1, "Irrtum", nil as String?),
        ("die Anmeldung vor der Ummeldung", 0, "Irrtum", "konflikt"),
        ("ohne Grund", 1, "  ", "unzulaessig"),
    ])
    func ruecknahme(_ name: String, _ index: Int, _ grund: String, _ erwartet: String?) {
        let lage = Self.lage(aendern: index)
        var aenderung: Fallaenderung?
        let fehler = Self.fehler { () throws(FallFehler) in
            aenderung = try Aenderung.nimmZurueck(
                lage, grund: grund, ifMatch: lage.fall.etag, akteur: Self.sb, jetzt: Self.jetzt)
        }
        #expect(fehler.map(\.art) == erwartet, "\(name)")
        if erwartet == nil {
            #expect(aenderung?.fall.status == .zurueckgenommen && aenderung?.auftrag == .ruecknahme)
            #expect(aenderung?.betrieb?.zustand == Beispielanzeigen.blumenladenZustand(nachUmmeldung: false))
        }
    }

    @Test func berichtigungHaeltMeldeartUndGemeindeFest() {
        let lage = Self.lage(aendern: 1)
        var andereGemeinde = Beispielanzeigen.ummeldung
        andereGemeinde.gemeindeschluessel = Beispielanzeigen.sontra.ags
        var andereArt = Beispielanzeigen.ummeldung
        andereArt.meldeart = .abmeldung
        for (anzeige, erwartet) in [(andereGemeinde, "nichtBerechtigt"), (andereArt, "unzulaessig")] {
            let fehler = Self.fehler { () throws(FallFehler) in
                _ = try Aenderung.berichtige(
                    lage, anzeige: anzeige, grund: "Tippfehler", ifMatch: lage.fall.etag, sicht: Self.sicht,
                    heute: Self.heute, jetzt: Self.jetzt, einstellungen: Pruefeinstellungen())
            }
            #expect(fehler.map(\.art) == erwartet)
        }
        guard
            case .angenommen(let aenderung) = try? Aenderung.berichtige(
                lage, anzeige: Beispielanzeigen.ummeldung, grund: "Tippfehler", ifMatch: lage.fall.etag,
                sicht: Self.sicht, heute: Self.heute, jetzt: Self.jetzt, einstellungen: Pruefeinstellungen())
        else {
            Issue.record("Berichtigung nicht angenommen")
            return
        }
        #expect(aenderung.neueVersion && aenderung.fall.versionen.count == 2 && aenderung.auftrag == .berichtigung)
        #expect(aenderung.fall.aktuell.berichtigungsgrund == "Tippfehler")
    }

    // MARK: Sicht

    @Test func sichtDerRollen() throws {
        let intake = Akteur(tokenId: UUID(), bezeichnung: "Online", rolle: .intake, kommunen: [Self.waldkappel])
        let sicht = try Sicht(intake, alleKommunen: [])
        #expect(sicht.siehtFall(erstelltToken: intake.tokenId, erstelltVon: "x"))
        #expect(!sicht.siehtFall(erstelltToken: UUID(), erstelltVon: "Online"))
        #expect(try Sicht(.system, alleKommunen: ["06636016", "06636011"]).kommunen == ["06636011", "06636016"])
        let ohne = Akteur(tokenId: nil, bezeichnung: "x", rolle: .sachbearbeitung, kommunen: [])
        #expect(Self.fehler { () throws(FallFehler) in _ = try Sicht(ohne, alleKommunen: ["06636011"]) } != nil)
        let pruefung = Akteur(tokenId: nil, bezeichnung: "p", rolle: .pruefung, kommunen: [Self.waldkappel])
        #expect(Self.fehler { () throws(FallFehler) in try pruefung.pruefeSchreibrecht() } != nil)
        #expect(Self.fehler { () throws(FallFehler) in try Self.sb.pruefeSchreibrecht() } == nil)
    }
}
