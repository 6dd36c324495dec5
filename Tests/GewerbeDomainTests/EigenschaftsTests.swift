import Foundation
import GewerbeDomain
import GewerbeTestSupport
import PropertyBased
import Testing

/// Property-based tests (x-sheep/swift-property-based) over generated Anzeigen. A failure
/// reports the seed; add `.fixedSeed("...")` to the test to replay it.
@Suite("Eigenschaften der Prüfung und des Lesens")
struct EigenschaftsTests {
    func beschreibe(_ befunde: [Befund]) -> String {
        befunde.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" }.joined(separator: "\n")
    }

    @Test("Eine aus gültigen Teilen erzeugte Anzeige hat keinen Fehler")
    func gueltigOhneFehler() async {
        await propertyCheck(count: 300, input: Generatoren.gueltig) { fall in
            let ergebnis = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext)
            #expect(ergebnis.fehler.isEmpty, "\(beschreibe(ergebnis.fehler))\n\(fall)")
        }
    }

    @Test("Die Prüfung stürzt nie ab und ist deterministisch, auch über die JSON-Form")
    func deterministisch() async {
        await propertyCheck(count: 300, input: Generatoren.beliebig) { fall in
            let erstes = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext)
            let zweites = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext)
            #expect(erstes == zweites)
            if let gelesen = try? Anzeige.lesen(json: fall.anzeige.json()) {
                #expect(Pruefer.pruefe(gelesen, kontext: fall.kontext) == erstes)
            }
            // Every finding is complete and names a rule of the catalogue.
            for befund in erstes.befunde {
                #expect(Regelkatalog.regel(befund.regel)?.schwere == befund.schwere)
                #expect(!befund.meldung.isEmpty && !befund.feldpfad.isEmpty && !befund.rechtsgrundlage.isEmpty)
            }
            #expect(erstes.istAnnehmbar == erstes.fehler.isEmpty)
        }
    }

    @Test("JSON-Rundreise ist verlustfrei: kodieren, streng lesen, gleich")
    func rundreise() async {
        await propertyCheck(count: 300, input: Generatoren.beliebig) { fall in
            let json = fall.anzeige.json()
            #expect(!json.isEmpty)
            do {
                let gelesen = try Anzeige.lesen(json: json)
                #expect(gelesen == fall.anzeige)
                #expect(gelesen.json() == json, "die kanonische Form ist stabil")
            } catch let fehler as EingabeFehler {
                Issue.record(
                    "Eigene JSON-Form nicht lesbar: \(fehler.probleme)\n\(String(decoding: json, as: UTF8.self))")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test("Strenges Lesen stürzt bei zufälligem JSON nicht ab und meldet Probleme statt dessen")
    func zufaelligesJSON() async {
        await propertyCheck(count: 500, input: Generatoren.json) { daten in
            pruefeLesen(daten)
        }
    }

    @Test("Strenges Lesen stürzt bei zufälligen oder verstümmelten Bytes nicht ab")
    func zufaelligeBytes() async {
        await propertyCheck(count: 500, input: Generatoren.bytes) { daten in
            pruefeLesen(daten)
        }
    }

    /// Reading either yields an Anzeige that survives a round trip and validation, or reports
    /// at least one problem, each with a message.
    func pruefeLesen(_ daten: Data) {
        do {
            let anzeige = try Anzeige.lesen(json: daten)
            #expect(try Anzeige.lesen(json: anzeige.json()) == anzeige)
            _ = Pruefer.pruefe(anzeige, kontext: Beispielanzeigen.kontext())
        } catch {
            #expect(!error.probleme.isEmpty)
            for problem in error.probleme {
                #expect(!problem.meldung.isEmpty, "\(problem)")
            }
        }
    }
}

@Suite("Eigenschaften des Datums")
struct DatumEigenschaftsTests {
    static let grenzen = 0...Datum(jahr: 9999, monat: 12, tag: 31)!.tagesnummer

    @Test("Tagesnummer und Datum sind zueinander invers; ISO-Form liest sich zurück")
    func tagesnummer() async {
        await propertyCheck(count: 1000, input: Gen.int(in: Self.grenzen)) { nummer in
            let datum = Datum(tagesnummer: nummer)
            #expect(datum.tagesnummer == nummer)
            #expect(Datum(jahr: datum.jahr, monat: datum.monat, tag: datum.tag) == datum)
            #expect(Datum(iso: datum.iso) == datum)
        }
    }

    @Test("plusTage ist Addition auf Tagesnummern; Vergleich folgt der Tagesnummer")
    func arithmetik() async {
        await propertyCheck(
            count: 1000, input: Generatoren.datum, Gen.int(in: -40_000...40_000), Gen.int(in: -40_000...40_000)
        ) {
            datum, a, b in
            guard Self.grenzen.contains(datum.tagesnummer + a), Self.grenzen.contains(datum.tagesnummer + a + b) else {
                return
            }
            #expect(datum.plusTage(a).plusTage(b) == datum.plusTage(a + b))
            #expect(datum.tage(bis: datum.plusTage(a)) == a)
            #expect(datum.plusTage(a).plusTage(-a) == datum)
            #expect((datum < datum.plusTage(a)) == (a > 0))
            #expect((datum.plusTage(a) < datum) == (a < 0))
        }
    }

    @Test("Tagesdifferenzen stimmen mit dem gregorianischen Kalender von Foundation überein (1900-2100)")
    func wieFoundation() async {
        var kalender = Calendar(identifier: .gregorian)
        kalender.timeZone = TimeZone(identifier: "UTC")!
        let von = Datum(jahr: 1900, monat: 1, tag: 1)!.tagesnummer
        let bis = Datum(jahr: 2100, monat: 12, tag: 31)!.tagesnummer
        let k = kalender
        await propertyCheck(count: 500, input: Gen.int(in: von...bis), Gen.int(in: von...bis)) { a, b in
            let da = Datum(tagesnummer: a)
            let db = Datum(tagesnummer: b)
            let fa = k.date(from: DateComponents(year: da.jahr, month: da.monat, day: da.tag))!
            let fb = k.date(from: DateComponents(year: db.jahr, month: db.monat, day: db.tag))!
            #expect(k.dateComponents([.day], from: fa, to: fb).day == da.tage(bis: db))
            #expect(Datum(fa, zeitzone: TimeZone(identifier: "UTC")!) == da)
        }
    }

    /// The age by the BGB: the number of anniversaries reached; a 29 February birthday falls on
    /// 1 March in common years (§§ 187 Abs. 2, 188 Abs. 2 und 3 BGB).
    static func referenzalter(_ geburt: Datum, am stichtag: Datum) -> Int {
        var jahre = 0
        while true {
            let jahr = geburt.jahr + jahre + 1
            guard jahr <= 9999 else { return jahre }
            let jahrestag =
                Datum(jahr: jahr, monat: geburt.monat, tag: geburt.tag) ?? Datum(jahr: jahr, monat: 3, tag: 1)!
            if jahrestag > stichtag { return jahre }
            jahre += 1
        }
    }

    @Test("Alter: vollendete Lebensjahre nach BGB")
    func alter() async {
        let von = Datum(jahr: 1890, monat: 1, tag: 1)!.tagesnummer
        let bis = Datum(jahr: 2040, monat: 12, tag: 31)!.tagesnummer
        await propertyCheck(count: 1000, input: Gen.int(in: von...bis), Gen.int(in: 0...40_000)) { geburt, tage in
            let g = Datum(tagesnummer: geburt)
            let stichtag = g.plusTage(tage)
            #expect(g.alter(am: stichtag) == Self.referenzalter(g, am: stichtag), "\(g) → \(stichtag)")
        }
    }
}

@Suite("Die Generatoren erzeugen, was die Eigenschaften brauchen")
struct GeneratorTests {
    /// A fixed seed, so that this check of the generators is itself deterministic.
    func stichprobe<T>(_ generator: Generator<T, Shrink.None<T>>, _ anzahl: Int = 300) -> [T] {
        var rng = Xoshiro(seed: (1, 2, 3, 4))
        return (0..<anzahl).map { _ in generator.run(using: &rng) }
    }

    @Test("Gültige Anzeigen: alle drei Vordrucke, mit und ohne nachgeschlagenen Betrieb, verschiedene Rechtsformen")
    func gueltigeVielfalt() {
        let faelle = stichprobe(Generatoren.gueltig)
        #expect(Set(faelle.map(\.anzeige.meldeart)) == Set(Meldeart.allCases))
        #expect(faelle.contains { $0.kontext.betriebZustand != nil })
        #expect(Set(faelle.compactMap(\.anzeige.inhaber?.rechtsform)).count >= 5)
        #expect(faelle.contains { $0.anzeige.reisegewerbe == true })
        #expect(faelle.contains { $0.anzeige.niederlassungsart == .zweigniederlassung })
        #expect(faelle.contains { $0.anzeige.grundAnmeldung == .verlegungAusAnderemMeldebezirk })
        #expect(faelle.contains { ($0.anzeige.personen ?? []).contains { $0.aufenthaltstitel != nil } })
        #expect(
            faelle.contains { !Pruefer.pruefe($0.anzeige, kontext: $0.kontext).hinweise.isEmpty },
            "auch Hinweise kommen vor")
    }

    @Test("Beliebige Anzeigen: mit und ohne Fehler")
    func beliebigeVielfalt() {
        let ergebnisse = stichprobe(Generatoren.beliebig).map { Pruefer.pruefe($0.anzeige, kontext: $0.kontext) }
        #expect(ergebnisse.contains { $0.istAnnehmbar })
        #expect(ergebnisse.contains { !$0.istAnnehmbar })
        #expect(Set(ergebnisse.flatMap(\.befunde).map(\.regel)).count >= 60, "viele Regeln werden getroffen")
    }

    @Test("Zufälliges JSON und Bytes: lesbar und unlesbar")
    func jsonVielfalt() {
        let json = stichprobe(Generatoren.json).map { try? Anzeige.lesen(json: $0) }
        #expect(json.contains { $0 != nil })
        #expect(json.contains { $0 == nil })
        let bytes = stichprobe(Generatoren.bytes).map { try? Anzeige.lesen(json: $0) }
        #expect(bytes.contains { $0 != nil }, "manche verstümmelten Dokumente bleiben lesbar")
        #expect(bytes.contains { $0 == nil })
    }
}
