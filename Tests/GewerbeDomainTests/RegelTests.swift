import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

@Suite("Regelkatalog: jede Regel feuert und schweigt")
struct RegelTests {
    @Test("Regel feuert mit Schwere, Feldpfad und Feldnummer", arguments: Regelfaelle.feuernd)
    func feuert(_ fall: Regelfall) throws {
        let regel = try #require(Regelkatalog.regel(fall.regel), "\(fall.regel) steht nicht im Regelkatalog")
        let erwartung = try #require(fall.erwartet)
        #expect(
            regel.meldearten.contains(fall.anzeige.meldeart),
            "Die Regel gilt nicht für \(fall.anzeige.meldeart.formular)")
        #expect(regel.schwere == erwartung.schwere, "Katalog: \(regel.schwere), Tabelle: \(erwartung.schwere)")

        let befunde = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext).befunde.filter { $0.regel == fall.regel }
        #expect(!befunde.isEmpty, "\(fall.regel) meldet nichts")
        let passend = befunde.first { $0.feldpfad == erwartung.feldpfad }
        let befund = try #require(
            passend, "kein Befund mit Pfad \(erwartung.feldpfad); gemeldet: \(befunde.map(\.feldpfad))")
        #expect(befund.schwere == erwartung.schwere)
        #expect(befund.feldnummer == erwartung.feldnummer, "Feldnummer \(String(describing: befund.feldnummer))")
        #expect(befund.rechtsgrundlage == regel.rechtsgrundlage)
        #expect(!befund.meldung.isEmpty)

        // The rule on its own reports the same as within the catalogue.
        #expect(regel.pruefe(fall.anzeige, fall.kontext) == befunde)
    }

    @Test("Regel schweigt beim Beinahe-Treffer", arguments: Regelfaelle.still)
    func schweigt(_ fall: Regelfall) throws {
        _ = try #require(Regelkatalog.regel(fall.regel), "\(fall.regel) steht nicht im Regelkatalog")
        let befunde = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext).befunde.filter { $0.regel == fall.regel }
        #expect(befunde.isEmpty, "\(befunde.map { "\($0.feldpfad): \($0.meldung)" })")
    }

    @Test("Jede Regel des Katalogs hat Zeilen, in denen sie feuert und schweigt")
    func jedeRegelIstAbgedeckt() {
        let feuernd = Set(Regelfaelle.feuernd.map(\.regel))
        let still = Set(Regelfaelle.still.map(\.regel))
        for regel in Regelkatalog.alle {
            #expect(feuernd.contains(regel.id), "\(regel.id) hat keinen Fall, in dem sie feuert")
            #expect(still.contains(regel.id), "\(regel.id) hat keinen Fall, in dem sie schweigt")
        }
        let katalog = Set(Regelkatalog.alle.map(\.id))
        let unbekannt = feuernd.union(still).subtracting(katalog)
        #expect(unbekannt.isEmpty, "Tabellen nennen Regeln, die es nicht gibt: \(unbekannt.sorted())")
    }

    @Test("Regel-IDs sind eindeutig und folgen dem Schema GEW-XXX-NNN")
    func idsEindeutig() {
        let ids = Regelkatalog.alle.map(\.id)
        #expect(
            Set(ids).count == ids.count,
            "doppelte IDs: \(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
        for id in ids {
            #expect(id.wholeMatch(of: /GEW-[A-Z]{2,3}-\d{3}/) != nil, "\(id)")
        }
        for regel in Regelkatalog.alle {
            #expect(!regel.titel.isEmpty && !regel.rechtsgrundlage.isEmpty && !regel.feldpfad.isEmpty, "\(regel.id)")
            #expect(!regel.meldearten.isEmpty, "\(regel.id) gilt für keinen Vordruck")
        }
    }

    @Test("Die sechs Beispielanzeigen ergeben keinen einzigen Befund", arguments: Beispielanzeigen.alle)
    func beispieleOhneBefund(_ beispiel: Beispielanzeigen.Beispiel) {
        let ergebnis = Pruefer.pruefe(beispiel.anzeige, kontext: Beispielanzeigen.kontext(betrieb: beispiel.betrieb))
        #expect(ergebnis.befunde.isEmpty, "\(ergebnis.befunde.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" })")
        #expect(ergebnis.istAnnehmbar)
    }

    /// Changes of the Einzelunternehmen that each cause exactly one finding, of different rules.
    static let unabhaengigeFehler: [(regel: String, aendern: @Sendable (inout Anzeige) -> Void)] = [
        ("GEW-PFL-002", { $0.eingangsdatum = nil }),
        ("GEW-PFL-005", { $0.person { $0.geschlecht = nil } }),
        ("GEW-PFL-013", { $0.beteiligungOeffentlicheHand = nil }),
        ("GEW-FMT-002", { $0.betriebsstaette?.anschrift?.plz = "362" }),
        ("GEW-FMT-008", { $0.person { $0.kontakt?.email = "kein-at-zeichen" } }),
        ("GEW-FMT-011", { $0.taetigkeiten?[0].beschreibung = "Dienstleistungen aller Art" }),
        ("GEW-BES-002", { $0.beschaeftigte = Beschaeftigte(teilzeit: -1) }),
        ("GEW-DAT-002", { $0.beginn = Beispielanzeigen.heute.plusTage(30) }),
        ("GEW-BTR-003", { $0.hauptniederlassung = hauptniederlassungKassel }),
        (
            "GEW-ERL-004",
            {
                $0.geschaeftsbezeichnung = "Café Weiß"
                $0.taetigkeiten?.append(taetigkeit("Café", wz: "56.10.4", schwerpunkt: false))
            }
        ),
    ]

    @Test("Jede Änderung für sich ergibt genau einen Befund")
    func einzelneFehler() {
        for (regel, aendern) in Self.unabhaengigeFehler {
            var anzeige = Beispielanzeigen.einzelunternehmen
            aendern(&anzeige)
            let befunde = Pruefer.pruefe(anzeige, kontext: Beispielanzeigen.kontext()).befunde
            #expect(befunde.map(\.regel) == [regel])
        }
    }

    @Test("N unabhängige Probleme ergeben N Befunde auf einmal, in Katalogreihenfolge")
    func alleBefundeAufEinmal() throws {
        var anzeige = Beispielanzeigen.einzelunternehmen
        for (_, aendern) in Self.unabhaengigeFehler.reversed() { aendern(&anzeige) }
        let befunde = Pruefer.pruefe(anzeige, kontext: Beispielanzeigen.kontext()).befunde
        #expect(befunde.count == Self.unabhaengigeFehler.count)
        #expect(Set(befunde.map(\.regel)) == Set(Self.unabhaengigeFehler.map(\.regel)))

        let reihenfolge = Dictionary(uniqueKeysWithValues: Regelkatalog.alle.enumerated().map { ($1.id, $0) })
        let positionen = try befunde.map { try #require(reihenfolge[$0.regel]) }
        #expect(positionen == positionen.sorted(), "Befunde nicht in Katalogreihenfolge: \(befunde.map(\.regel))")
    }

    @Test("Befunde aller Regelfälle stehen in Katalogreihenfolge")
    func katalogreihenfolgeUeberall() throws {
        let reihenfolge = Dictionary(uniqueKeysWithValues: Regelkatalog.alle.enumerated().map { ($1.id, $0) })
        for fall in Regelfaelle.alle {
            let befunde = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext).befunde
            let positionen = try befunde.map { try #require(reihenfolge[$0.regel]) }
            #expect(positionen == positionen.sorted(), "\(fall.testDescription): \(befunde.map(\.regel))")
        }
    }

    @Test("Ohne nachgeschlagenen Betrieb schweigen die Regeln, die ihn brauchen")
    func lebenszyklusOhneBetrieb() {
        for basis in [Basis.ummeldung, .abmeldung] {
            var anzeige = basis.anzeige
            anzeige.gemeindeschluessel = Beispielanzeigen.sontra.ags
            anzeige.betriebId = UUID()
            let befunde = Pruefer.pruefe(anzeige, kontext: Beispielanzeigen.kontext()).befunde.map(\.regel)
            #expect(!befunde.contains { ["GEW-LZ-003", "GEW-LZ-004", "GEW-LZ-005", "GEW-LZ-006"].contains($0) })
        }
    }
}
