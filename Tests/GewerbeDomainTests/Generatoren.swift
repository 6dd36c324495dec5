import Foundation
import GewerbeDomain
import GewerbeTestSupport
import PropertyBased

/// A random source over PropertyBased's seeded generator, so that every draw is reproducible
/// from the seed PropertyBased reports on failure.
struct Wuerfel: RandomNumberGenerator {
    var quelle: any SeededRandomNumberGenerator

    mutating func next() -> UInt64 { quelle.next() }

    mutating func zahl(_ bereich: ClosedRange<Int>) -> Int { Int.random(in: bereich, using: &self) }
    mutating func ja(_ wahrscheinlichkeit: Double = 0.5) -> Bool {
        Double.random(in: 0..<1, using: &self) < wahrscheinlichkeit
    }
    mutating func eins<T>(_ auswahl: [T]) -> T { auswahl[zahl(0...(auswahl.count - 1))] }
    mutating func einige<T>(_ auswahl: [T], _ anzahl: ClosedRange<Int>) -> [T] {
        Array(auswahl.shuffled(using: &self).prefix(zahl(anzahl)))
    }
}

/// Builds a generator from a function of a ``Wuerfel`` (no shrinking: the inputs are composite
/// documents; PropertyBased reports the seed to replay a failure).
func generator<T>(_ bauen: @escaping @Sendable (inout Wuerfel) -> T) -> Generator<T, Shrink.None<T>> {
    Generator { rng in
        var wuerfel = Wuerfel(quelle: rng)
        let wert = bauen(&wuerfel)
        rng = wuerfel.quelle
        return wert
    }
}

// MARK: - Valid Anzeigen from random valid parts

enum Teile {
    static let vornamen = [
        "Anna", "Jürgen", "Özlem", "Lukas", "Marie-Luise", "Piotr", "Ayşe", "Jean-Luc", "Björn", "Zoë",
    ]
    static let familiennamen = [
        "Weiß", "Müller", "Yılmaz", "Nowak", "Schäfer", "O'Brien", "von der Heide", "Groß-Kühn", "Łukasiewicz",
    ]
    static let orte = [
        ("36205", "Sontra"), ("37213", "Witzenhausen"), ("37242", "Bad Sooden-Allendorf"), ("37284", "Waldkappel"),
        ("37287", "Wehretal"), ("37296", "Ringgau"), ("37297", "Berkatal"), ("37299", "Weißenborn"),
        ("37276", "Meinhard"),
    ]
    static let strassen = [
        "Marktplatz", "Niederstadt", "Bahnhofstraße", "Am Sande", "Steinweg", "Kirchgasse", "Ermschwerder Str.",
    ]
    /// Nationalities that need no Aufenthaltstitel, and some that do.
    static let freizuegig = ["000", "129", "152", "158", "149", "137", "134"]
    static let drittstaaten = ["163", "168", "166", "475", "368", "332"]
    static let unterklassen = WZVerzeichnis.unterklassen(.wz2008)

    static func datum(zwischen von: Datum, und bis: Datum, _ w: inout Wuerfel) -> Datum {
        Datum(tagesnummer: w.zahl(von.tagesnummer...bis.tagesnummer))
    }

    static func anschrift(_ w: inout Wuerfel) -> Anschrift {
        let (plz, ort) = w.eins(orte)
        return Anschrift(
            strasse: w.eins(strassen), hausnummer: String(w.zahl(1...120)) + (w.ja(0.1) ? "a" : ""), plz: plz, ort: ort)
    }

    /// An adult person on `stichtag`; a third-country national with a complete, valid title.
    static func person(_ funktion: PersonFunktion, stichtag: Datum, _ w: inout Wuerfel) -> Person {
        let alter = w.zahl(18...85)
        let geburt = Datum(tagesnummer: stichtag.plusTage(-(alter * 366)).tagesnummer - w.zahl(0...300))
        var person = Person(
            funktion: w.ja(0.9) ? funktion : nil, familienname: w.eins(familiennamen), vornamen: w.eins(vornamen),
            geschlecht: w.eins(Geschlecht.allCases), geburtsdatum: geburt, geburtsort: w.eins(orte).1,
            staatsangehoerigkeiten: [w.eins(freizuegig)], wohnanschrift: anschrift(&w))
        if w.ja(0.3) { person.geburtsname = w.eins(familiennamen) }
        if w.ja(0.5) {
            person.kontakt = Kontakt(
                telefon: "0\(w.zahl(1000...9999)) \(w.zahl(1000...999_999))", email: "p\(w.zahl(1...999))@example.org")
        }
        if w.ja(0.25) {
            let staat = w.eins(drittstaaten)
            person.staatsangehoerigkeiten = [staat]
            person.aufenthaltstitel = Aufenthaltstitel(
                liegtVor: true, ausgestelltAm: stichtag.plusTage(-w.zahl(100...3000)),
                ausgestelltVon: "Ausländerbehörde Werra-Meißner-Kreis",
                gueltigBis: w.ja() ? nil : stichtag.plusTage(w.zahl(0...2000)),
                auflage: false)
        }
        return person
    }

    static func taetigkeiten(_ w: inout Wuerfel, status: Bool = false) -> [Taetigkeit] {
        let anzahl = w.zahl(1...3)
        let schwerpunkt = w.zahl(0...(anzahl - 1))
        return (0..<anzahl).map { index in
            let wz = w.eins(unterklassen)
            return Taetigkeit(
                beschreibung: wz.titel + (w.ja(0.3) ? " (Schwerpunkt Region Werra-Meißner)" : ""),
                schwerpunkt: anzahl == 1 ? (w.ja() ? true : nil) : index == schwerpunkt,
                wz: w.ja(0.8)
                    ? WZAngabe(
                        klassifikation: .wz2008,
                        code: w.ja() ? wz.code : wz.code.replacingOccurrences(of: ".", with: "")) : nil,
                status: status ? (index == 0 ? .neu : w.eins([.neu, .weiterhin])) : nil)
        }
    }

    static func betriebsart(_ w: inout Wuerfel) -> Betriebsart {
        var art = Betriebsart(industrie: w.ja(0.2), handwerk: w.ja(0.3), handel: w.ja(0.4), sonstiges: w.ja(0.4))
        if !art.irgendeine { art.sonstiges = true }
        return art
    }

    static func beschaeftigte(_ w: inout Wuerfel) -> Beschaeftigte {
        w.ja(0.4)
            ? Beschaeftigte(keine: true)
            : Beschaeftigte(vollzeit: w.zahl(0...50), teilzeit: w.ja() ? w.zahl(0...20) : nil)
    }

    /// Inhaber, persons and field 12 for a random Rechtsform.
    static func inhaberUndPersonen(stichtag: Datum, _ w: inout Wuerfel) -> (Inhaber, [Person], Int?) {
        let gericht = "Amtsgericht Eschwege"
        let nummer = String(w.zahl(1...99_999))
        let name = w.eins(familiennamen)
        switch w.zahl(0...5) {
        case 0:
            return (
                Inhaber(
                    name: "\(name) e.K.", rechtsform: "170",
                    register: Registereintrag(art: .hra, gericht: gericht, nummer: nummer)),
                [person(.inhaber, stichtag: stichtag, &w)], nil
            )
        case 1:
            let anzahl = w.zahl(1...3)
            let personen = (0..<anzahl).map { _ in person(.gesetzlicherVertreter, stichtag: stichtag, &w) }
            return (
                Inhaber(
                    name: "\(name) Service GmbH", rechtsform: "350",
                    register: Registereintrag(art: .hrb, gericht: gericht, nummer: "HRB \(nummer)")),
                personen, anzahl + w.zahl(0...1)
            )
        case 2:
            return (
                Inhaber(name: "\(name) UG (haftungsbeschränkt)", rechtsform: "351", inGruendung: nil).mit(
                    register: Registereintrag(art: .hrb, gericht: gericht, nummer: nummer)),
                [person(.gesetzlicherVertreter, stichtag: stichtag, &w)], 1
            )
        case 3:
            return (
                Inhaber(rechtsform: "270", weitereGesellschafter: [w.eins(vornamen) + " " + w.eins(familiennamen)]),
                [person(.geschaeftsfuehrenderGesellschafter, stichtag: stichtag, &w)], w.zahl(2...4)
            )
        default:
            return (Inhaber(rechtsform: "180"), [person(.inhaber, stichtag: stichtag, &w)], nil)
        }
    }

    /// The parts every form shares, for a municipality and an event date.
    static func gemeinsam(_ meldeart: Meldeart, heute: Datum, ereignis: Datum, _ w: inout Wuerfel) -> Anzeige {
        let kommune = w.eins(Beispielanzeigen.kommunen)
        let eingang = Datum(tagesnummer: w.zahl(heute.plusTage(-5).tagesnummer...heute.tagesnummer))
        let kanal = w.eins([Eingangskanal.schalter, .post, .online])
        let (inhaber, personen, anzahl) = inhaberUndPersonen(stichtag: ereignis, &w)
        var anzeige = Anzeige(
            meldeart: meldeart, formularversion: w.ja(0.8) ? .v2025 : nil, gemeindeschluessel: kommune.ags,
            entgegennehmendeStelle: w.ja() ? kommune.stelle : nil, eingangsdatum: eingang,
            eingangskanal: w.ja(0.9) ? kanal : nil,
            inhaber: inhaber, geschaeftsbezeichnung: w.ja(0.4) ? "\(w.eins(familiennamen))s Laden" : nil,
            personen: personen,
            anzahlVertretungsberechtigte: anzahl,
            beteiligungOeffentlicheHand: w.eins(BeteiligungOeffentlicheHand.allCases),
            betriebsstaette: Standort(anschrift: anschrift(&w)), taetigkeiten: taetigkeiten(&w),
            beschaeftigte: beschaeftigte(&w), niederlassungsart: .hauptniederlassung)
        if anzeige.eingangskanal == .schalter || anzeige.eingangskanal == .post || w.ja() {
            anzeige.datumUnterschrift = Datum(
                tagesnummer: w.zahl(eingang.plusTage(-3).tagesnummer...eingang.tagesnummer))
        }
        switch w.zahl(0...5) {
        case 0:
            anzeige.niederlassungsart = w.eins([.zweigniederlassung, .unselbstaendigeZweigstelle])
            anzeige.hauptniederlassung = Standort(
                anschrift: Anschrift(strasse: "Königsplatz", hausnummer: "1", plz: "34117", ort: "Kassel"))
            anzeige.betriebsleiter = Name(familienname: w.eins(familiennamen), vornamen: w.eins(vornamen))
        case 1 where meldeart != .abmeldung:
            anzeige.niederlassungsart = nil
            anzeige.reisegewerbe = true
            if w.ja() { anzeige.betriebsstaette = nil }
        default: break
        }
        return anzeige
    }

    static func anmeldung(_ w: inout Wuerfel, heute: Datum) -> Anzeige {
        let beginn = Datum(tagesnummer: w.zahl(heute.plusTage(-5).tagesnummer...heute.plusTage(20).tagesnummer))
        var anzeige = gemeinsam(.anmeldung, heute: heute, ereignis: beginn, &w)
        anzeige.beginn = beginn
        anzeige.nebenerwerb = w.ja(0.3)
        anzeige.betriebsart = betriebsart(&w)
        let grund = w.eins(GrundAnmeldung.allCases)
        anzeige.grundAnmeldung = grund
        if grund.brauchtFrueherenInhaber {
            anzeige.fruehererInhaber = "\(w.eins(familiennamen)) \(w.eins(["GmbH", "e.K.", "GbR", ""]))"
        }
        if grund != .neugruendung {
            anzeige.bisherigeUnfallversicherung =
                w.ja()
                ? Unfallversicherung(
                    traeger: "BG Handel und Warenlogistik", mitgliedsnummer: String(w.zahl(1000...999_999)))
                : Unfallversicherung(traegerNichtBekannt: true, mitgliedsnummerNichtBekannt: true)
        }
        if grund == .verlegungAusAnderemMeldebezirk {
            anzeige.fruehereBetriebsstaette = Standort(anschrift: anschrift(&w))
            let andere =
                Beispielanzeigen.kommunen.filter { $0.ags != anzeige.gemeindeschluessel } + [
                    Beispielanzeigen.fremdeGemeinde
                ]
            anzeige.herkunft = Herkunft(gemeindeschluessel: w.eins(andere).ags, betriebId: w.ja() ? UUID() : nil)
        }
        return anzeige
    }

    /// An Ummeldung with the Betrieb it refers to (opened by an earlier Anmeldung).
    static func ummeldung(_ w: inout Wuerfel, heute: Datum) -> (Anzeige, BetriebZustand) {
        let aenderung = Datum(tagesnummer: w.zahl(heute.plusTage(-5).tagesnummer...heute.plusTage(10).tagesnummer))
        var anzeige = gemeinsam(.ummeldung, heute: heute, ereignis: aenderung, &w)
        anzeige.datumAenderung = aenderung
        anzeige.betriebId = UUID()
        var historie = anzeige
        historie.meldeart = .anmeldung
        historie.betriebId = nil
        historie.datumAenderung = nil
        historie.beginn = aenderung.plusTage(-w.zahl(0...5000))
        historie.eingangsdatum = historie.beginn
        historie.datumUnterschrift = nil
        historie.grundAnmeldung = .neugruendung
        historie.nebenerwerb = false
        historie.betriebsart = Betriebsart(sonstiges: true)

        var gruende: [GrundUmmeldung] = []
        if w.ja() {
            gruende.append(.verlegungInnerhalb)
            var alt = anzeige.betriebsstaette?.anschrift ?? anschrift(&w)
            alt.hausnummer = String(w.zahl(121...200))
            anzeige.fruehereBetriebsstaette = Standort(anschrift: alt)
            historie.betriebsstaette = Standort(anschrift: alt)
        }
        if w.ja() || gruende.isEmpty {
            gruende.append(w.eins([.ausdehnungDerTaetigkeit, .wechselDerTaetigkeit]))
            anzeige.taetigkeiten = taetigkeiten(&w, status: true)
            historie.taetigkeiten = [
                Taetigkeit(beschreibung: "Bisherige Tätigkeit \(w.zahl(1...999))", schwerpunkt: true)
            ]
        }
        if w.ja(0.2) {
            gruende.append(.sonstiges)
            anzeige.sonstigeGruendeUmmeldung = "Neue Telefonnummer"
        }
        anzeige.gruendeUmmeldung = gruende
        let zustand = try! Lebenszyklus.zustand(betriebId: anzeige.betriebId!, anzeigen: [historie])!
        return (anzeige, zustand)
    }

    /// An Abmeldung with the Betrieb it ends.
    static func abmeldung(_ w: inout Wuerfel, heute: Datum) -> (Anzeige, BetriebZustand) {
        let aufgabe = Datum(tagesnummer: w.zahl(heute.plusTage(-7).tagesnummer...heute.plusTage(60).tagesnummer))
        var anzeige = gemeinsam(.abmeldung, heute: heute, ereignis: aufgabe, &w)
        anzeige.datumAufgabe = aufgabe
        anzeige.betriebId = UUID()
        anzeige.nebenerwerb = w.ja(0.3)
        anzeige.betriebsart = betriebsart(&w)
        let grund = w.eins(GrundAbmeldung.allCases)
        anzeige.grundAbmeldung = grund
        if grund.brauchtKuenftigenInhaber { anzeige.kuenftigerInhaber = "\(w.eins(familiennamen)) GmbH" }
        if grund == .verlegungInAnderenMeldebezirk {
            anzeige.kuenftigeBetriebsstaette = Standort(anschrift: anschrift(&w))
        }
        if grund == .vollstaendigeAufgabe || w.ja(0.3) {
            anzeige.ursacheAbmeldung = w.eins(UrsacheAbmeldung.allCases)
            if w.ja() { anzeige.gruendeBetriebsaufgabe = "Ruhestand" }
        }
        var historie = anzeige
        historie.meldeart = .anmeldung
        historie.betriebId = nil
        historie.datumAufgabe = nil
        historie.grundAbmeldung = nil
        historie.kuenftigerInhaber = nil
        historie.kuenftigeBetriebsstaette = nil
        historie.ursacheAbmeldung = nil
        historie.gruendeBetriebsaufgabe = nil
        historie.beginn = aufgabe.plusTage(-w.zahl(0...5000))
        historie.grundAnmeldung = .neugruendung
        let zustand = try! Lebenszyklus.zustand(betriebId: anzeige.betriebId!, anzeigen: [historie])!
        return (anzeige, zustand)
    }
}

extension Inhaber {
    func mit(register: Registereintrag) -> Inhaber {
        var kopie = self
        kopie.register = register
        return kopie
    }
}

/// A valid Anzeige with the context it is to be checked in.
struct GueltigerFall: Sendable, CustomStringConvertible {
    let anzeige: Anzeige
    let kontext: Pruefkontext
    var description: String { String(decoding: anzeige.json(), as: UTF8.self) }
}

enum Generatoren {
    /// Valid Anzeigen of all three forms, built from random valid parts, with a random "heute"
    /// after the start of the Rueckmeldeverfahren.
    static let gueltig = generator { w -> GueltigerFall in
        let heute = Teile.datum(
            zwischen: Datum(jahr: 2025, monat: 11, tag: 1)!, und: Datum(jahr: 2032, monat: 12, tag: 31)!, &w)
        let kontextOhne = Pruefkontext(heute: heute, zustaendigeGemeinden: Beispielanzeigen.zustaendigeGemeinden)
        switch w.zahl(0...2) {
        case 0:
            return GueltigerFall(anzeige: Teile.anmeldung(&w, heute: heute), kontext: kontextOhne)
        case 1:
            let (anzeige, zustand) = Teile.ummeldung(&w, heute: heute)
            var kontext = kontextOhne
            if w.ja(0.7) { kontext.betrieb = .bekannt(zustand) }
            return GueltigerFall(anzeige: anzeige, kontext: kontext)
        default:
            let (anzeige, zustand) = Teile.abmeldung(&w, heute: heute)
            var kontext = kontextOhne
            if w.ja(0.7) { kontext.betrieb = .bekannt(zustand) }
            return GueltigerFall(anzeige: anzeige, kontext: kontext)
        }
    }

    // MARK: - Arbitrary (mutated) Anzeigen

    static let texte = [
        "", " ", "\n\t", "x", "Ä", "👩‍🔧 Fahrradwerkstatt", "'; DROP TABLE betrieb; --", "<script>alert(1)</script>",
        "\u{0}",
        "\u{202E}gnirts", String(repeating: "ß", count: 2001), "Handel mit Waren aller Art", "GmbH", "e.K.", "000",
        "06636011",
    ]

    static func text(_ w: inout Wuerfel) -> String {
        w.ja(0.7)
            ? w.eins(texte)
            : String((0..<w.zahl(0...40)).map { _ in Character(Unicode.Scalar(UInt8(w.zahl(32...126)))) })
    }

    static func beliebigesDatum(_ w: inout Wuerfel) -> Datum {
        w.ja(0.5)
            ? Datum(tagesnummer: w.zahl(0...Datum(jahr: 9999, monat: 12, tag: 31)!.tagesnummer))
            : Beispielanzeigen.heute.plusTage(w.zahl(-40_000...40_000))
    }

    static func zahl(_ w: inout Wuerfel) -> Int { w.eins([0, 1, -1, 2, 5000, Int.max, Int.min, w.zahl(-100...100)]) }

    /// One random change anywhere in the document: clear, garble, or swap a field.
    static func veraendere(_ anzeige: inout Anzeige, _ w: inout Wuerfel) {
        switch w.zahl(0...27) {
        case 0: anzeige.meldeart = w.eins(Meldeart.allCases)
        case 1: anzeige.gemeindeschluessel = w.ja() ? nil : text(&w)
        case 2: anzeige.eingangsdatum = w.ja(0.2) ? nil : beliebigesDatum(&w)
        case 3:
            anzeige.inhaber =
                w.ja(0.2)
                ? nil
                : Inhaber(
                    name: text(&w),
                    rechtsform: w.eins(["170", "180", "210", "270", "310", "350", "351", "590", "611", "999", ""]),
                    register: w.ja()
                        ? Registereintrag(art: w.eins(Registerart.allCases), gericht: text(&w), nummer: text(&w)) : nil,
                    weitereGesellschafter: w.ja() ? [text(&w)] : nil, inGruendung: w.ja() ? w.ja() : nil)
        case 4: anzeige.personen = w.ja(0.2) ? nil : (w.ja(0.2) ? [] : anzeige.personen.map { $0 + $0 })
        case 5: anzeige.person(w.zahl(0...2)) { $0.geburtsdatum = w.ja(0.2) ? nil : beliebigesDatum(&w) }
        case 6:
            anzeige.person(0) {
                $0.staatsangehoerigkeiten = w.einige(["000", "163", "997", "999", "DE", "", "158"], 0...3)
            }
        case 7:
            anzeige.person(0) {
                $0.aufenthaltstitel = Aufenthaltstitel(
                    liegtVor: w.ja() ? w.ja() : nil, ausgestelltAm: w.ja() ? beliebigesDatum(&w) : nil,
                    ausgestelltVon: w.ja() ? text(&w) : nil, gueltigBis: w.ja() ? beliebigesDatum(&w) : nil,
                    auflage: w.ja() ? w.ja() : nil, auflageText: w.ja() ? "Selbständige Tätigkeit nicht gestattet" : nil
                )
            }
        case 8:
            anzeige.person(0) {
                $0.wohnanschrift =
                    w.ja(0.2)
                    ? nil
                    : Anschrift(
                        strasse: text(&w), hausnummer: w.ja() ? text(&w) : nil, plz: text(&w), ort: text(&w),
                        staat: w.ja() ? text(&w) : nil)
            }
        case 9: anzeige.anzahlVertretungsberechtigte = w.ja(0.2) ? nil : zahl(&w)
        case 10:
            anzeige.betriebsstaette =
                w.ja(0.2)
                ? nil
                : Standort(
                    anschrift: Anschrift(
                        strasse: text(&w), plz: text(&w), ort: text(&w),
                        staat: w.ja() ? w.eins(["DE", "AT", "xx", "Deutschland"]) : nil),
                    kontakt: Kontakt(email: text(&w)))
        case 11: anzeige.hauptniederlassung = w.ja() ? nil : anzeige.betriebsstaette
        case 12:
            anzeige.taetigkeiten =
                w.ja(0.2)
                ? nil
                : (0..<w.zahl(0...4)).map { _ in
                    Taetigkeit(
                        beschreibung: w.ja(0.1) ? nil : text(&w), schwerpunkt: w.ja() ? w.ja() : nil,
                        wz: w.ja()
                            ? WZAngabe(
                                klassifikation: w.ja() ? w.eins(WZKlassifikation.allCases) : nil,
                                code: w.ja() ? w.eins(Teile.unterklassen).code : text(&w)) : nil,
                        status: w.ja() ? w.eins(TaetigkeitStatus.allCases) : nil)
                }
        case 13: anzeige.beginn = w.ja(0.2) ? nil : beliebigesDatum(&w)
        case 14: anzeige.datumAenderung = w.ja(0.2) ? nil : beliebigesDatum(&w)
        case 15: anzeige.datumAufgabe = w.ja(0.2) ? nil : beliebigesDatum(&w)
        case 16:
            anzeige.beschaeftigte =
                w.ja(0.2)
                ? nil
                : Beschaeftigte(
                    vollzeit: w.ja() ? zahl(&w) : nil, teilzeit: w.ja() ? zahl(&w) : nil, keine: w.ja() ? w.ja() : nil)
        case 17: anzeige.niederlassungsart = w.ja(0.3) ? nil : w.eins(Niederlassungsart.allCases)
        case 18: anzeige.reisegewerbe = w.ja(0.3) ? nil : w.ja()
        case 19: anzeige.grundAnmeldung = w.ja(0.3) ? nil : w.eins(GrundAnmeldung.allCases)
        case 20: anzeige.grundAbmeldung = w.ja(0.3) ? nil : w.eins(GrundAbmeldung.allCases)
        case 21: anzeige.gruendeUmmeldung = w.ja(0.3) ? nil : w.einige(GrundUmmeldung.allCases, 0...4)
        case 22:
            anzeige.erlaubnis =
                w.ja(0.3)
                ? nil : Nachweis(liegtVor: w.ja() ? w.ja() : nil, ausgestelltAm: w.ja() ? beliebigesDatum(&w) : nil)
        case 23:
            anzeige.handwerkskarte =
                w.ja(0.3)
                ? nil
                : Nachweis(
                    liegtVor: w.ja() ? w.ja() : nil, ausgestelltAm: w.ja() ? beliebigesDatum(&w) : nil,
                    ausgestelltVon: w.ja() ? text(&w) : nil)
        case 24: anzeige.betriebId = w.ja() ? nil : UUID()
        case 25:
            anzeige.herkunft =
                w.ja(0.3)
                ? nil : Herkunft(gemeindeschluessel: w.ja() ? text(&w) : w.eins(Beispielanzeigen.kommunen).ags)
        case 26:
            anzeige.betriebsart =
                w.ja(0.3) ? nil : Betriebsart(industrie: w.ja() ? w.ja() : nil, handwerk: w.ja() ? w.ja() : nil)
        default: anzeige.vonAmtsWegen = w.ja() ? nil : w.ja()
        }
    }

    /// Any Anzeige: a valid one (or a fixture) with 1 to 12 random changes, and any context.
    static let beliebig = generator { w -> GueltigerFall in
        var fall = Generatoren.gueltig.run(using: &w.quelle)
        var anzeige = w.ja(0.2) ? w.eins(Beispielanzeigen.alle).anzeige : fall.anzeige
        for _ in 0..<w.zahl(1...12) { veraendere(&anzeige, &w) }
        if w.ja(0.2) {
            fall = GueltigerFall(anzeige: anzeige, kontext: Pruefkontext(heute: beliebigesDatum(&w)))
        }
        return GueltigerFall(anzeige: anzeige, kontext: fall.kontext)
    }

    // MARK: - Random JSON and bytes

    static let schluessel = [
        "meldeart", "formularversion", "gemeindeschluessel", "eingangsdatum", "inhaber", "personen", "beginn",
        "datumAufgabe",
        "taetigkeiten", "beschaeftigte", "niederlassungsart", "reisegewerbe", "grundAnmeldung", "gruendeUmmeldung",
        "betriebId",
        "name", "rechtsform", "register", "art", "nummer", "familienname", "geburtsdatum", "staatsangehoerigkeiten",
        "wohnanschrift", "plz", "wz", "code", "vollzeit", "keine", "unbekannt", "",
    ]
    static let werteTexte = [
        "anmeldung", "ummeldung", "abmeldung", "2026-11-20", "2026-02-30", "06636011", "hauptniederlassung", "HRB", "m",
        "x",
        "000", "96.02.1", "WZ2025", "", "\u{1F600}", "ja", "00000000-0000-0000-0000-000000000000",
    ]

    /// A random JSON value of bounded depth, as text.
    static func jsonWert(_ w: inout Wuerfel, tiefe: Int) -> String {
        func zeichenkette(_ text: String) -> String {
            String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
        }
        switch tiefe > 3 ? w.zahl(0...4) : w.zahl(0...6) {
        case 0: return "null"
        case 1: return w.ja() ? "true" : "false"
        case 2: return w.eins(["0", "-1", "1e400", "2.5", "9223372036854775808", String(w.zahl(-1000...1000))])
        case 3, 4: return zeichenkette(w.ja(0.7) ? w.eins(werteTexte) : text(&w))
        case 5:
            return "[" + (0..<w.zahl(0...3)).map { _ in jsonWert(&w, tiefe: tiefe + 1) }.joined(separator: ",") + "]"
        default: return jsonObjekt(&w, tiefe: tiefe + 1)
        }
    }

    static func jsonObjekt(_ w: inout Wuerfel, tiefe: Int) -> String {
        let felder = (0..<w.zahl(0...6)).map { _ in
            String(decoding: try! JSONEncoder().encode(w.eins(schluessel)), as: UTF8.self) + ":"
                + jsonWert(&w, tiefe: tiefe)
        }
        return "{" + felder.joined(separator: ",") + "}"
    }

    /// Random JSON documents, mostly objects with the keys of an Anzeige.
    static let json = generator { w -> Data in
        if w.ja(0.8) {
            var text = jsonObjekt(&w, tiefe: 0)
            if w.ja(0.6) { text = "{\"meldeart\":\"\(w.eins(Meldeart.allCases).rawValue)\"," + text.dropFirst() }
            return Data(text.utf8)
        }
        return Data(jsonWert(&w, tiefe: 0).utf8)
    }

    /// Random bytes, and JSON of valid Anzeigen with random bytes changed.
    static let bytes = generator { w -> Data in
        if w.ja(0.4) { return Data((0..<w.zahl(0...300)).map { _ in UInt8(w.zahl(0...255)) }) }
        var daten = Array(Generatoren.gueltig.run(using: &w.quelle).anzeige.json())
        for _ in 0..<w.zahl(1...5) where !daten.isEmpty {
            let stelle = w.zahl(0...(daten.count - 1))
            switch w.zahl(0...2) {
            case 0: daten[stelle] = UInt8(w.zahl(0...255))
            case 1: daten.remove(at: stelle)
            default: daten.insert(w.eins(Array("{}[]\",:\\".utf8) + [0xC3, 0xFF, 0x00]), at: stelle)
            }
        }
        return Data(daten)
    }

    /// Any calendar date of the type's range (years 1 to 9999).
    static let datum = generator { w in
        Datum(tagesnummer: w.zahl(0...Datum(jahr: 9999, monat: 12, tag: 31)!.tagesnummer))
    }
}
