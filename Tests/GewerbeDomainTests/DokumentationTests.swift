import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// An Anzeige with every field of the model set (not a valid one), to list all JSON keys.
func anzeigeMitAllenFeldern() -> Anzeige {
    var anzeige = Beispielanzeigen.gmbh
    let voll = Anschrift(
        strasse: "a", hausnummer: "1", adresszusatz: "b", plz: "c", ort: "d", ortsteil: "e", staat: "DE")
    let kontakt = Kontakt(telefon: "1", mobil: "2", fax: "3", email: "4", internet: "5")
    let nachweis = Nachweis(
        liegtVor: true, ausgestelltAm: Beispielanzeigen.heute, ausgestelltVon: "x", bezeichnung: "y")
    anzeige.betriebId = UUID()
    anzeige.inhaber?.weitereGesellschafter = ["x"]
    anzeige.inhaber?.inGruendung = false
    anzeige.geschaeftsbezeichnung = "x"
    anzeige.person {
        $0.doktorgrad = "Dr."
        $0.wohnanschrift = voll
        $0.kontakt = kontakt
        $0.aufenthaltstitel = Aufenthaltstitel(
            liegtVor: true, ausgestelltAm: Beispielanzeigen.heute, ausgestelltVon: "x",
            gueltigBis: Beispielanzeigen.heute,
            auflage: true, auflageText: "x")
        $0.genehmigungFamiliengericht = nachweis
    }
    anzeige.betriebsleiter = Name(familienname: "x", vornamen: "y")
    anzeige.betriebsstaette = Standort(anschrift: voll, kontakt: kontakt)
    anzeige.hauptniederlassung = anzeige.betriebsstaette
    anzeige.fruehereBetriebsstaette = anzeige.betriebsstaette
    anzeige.kuenftigeBetriebsstaette = anzeige.betriebsstaette
    anzeige.taetigkeiten?[0].status = .neu
    anzeige.datumAenderung = Beispielanzeigen.heute
    anzeige.datumAufgabe = Beispielanzeigen.heute
    anzeige.betriebsart = Betriebsart(industrie: true, handwerk: true, handel: true, sonstiges: true)
    anzeige.beschaeftigte = Beschaeftigte(vollzeit: 1, teilzeit: 1, keine: false)
    anzeige.reisegewerbe = false
    anzeige.gruendeUmmeldung = [.sonstiges]
    anzeige.sonstigeGruendeUmmeldung = "x"
    anzeige.grundAbmeldung = .uebergabe
    anzeige.fruehererInhaber = "x"
    anzeige.kuenftigerInhaber = "x"
    anzeige.bisherigeUnfallversicherung = Unfallversicherung(
        traeger: "x", traegerNichtBekannt: false, mitgliedsnummer: "1", mitgliedsnummerNichtBekannt: false)
    anzeige.erlaubnis = nachweis
    anzeige.handwerkskarte = nachweis
    anzeige.gruendeBetriebsaufgabe = "x"
    anzeige.ursacheAbmeldung = .sonstige
    anzeige.datumUnterschrift = Beispielanzeigen.heute
    anzeige.vonAmtsWegen = false
    anzeige.herkunft = Herkunft(gemeindeschluessel: "x", betriebId: UUID())
    return anzeige
}

/// Every key of a JSON value, recursively.
func alleSchluessel(_ wert: JSONWert) -> Set<String> {
    switch wert {
    case .objekt(let objekt): Set(objekt.keys).union(objekt.values.flatMap(alleSchluessel))
    case .liste(let liste): Set(liste.flatMap(alleSchluessel))
    default: []
    }
}

@Suite("docs/anzeige-json.md beschreibt die JSON-Form vollständig")
struct DokumentationTests {
    let dokument = (try? Paket.text("docs/anzeige-json.md")) ?? ""

    @Test("Jedes Feld des Modells ist beschrieben")
    func jedesFeld() throws {
        #expect(!dokument.isEmpty)
        let wert = try JSONDecoder().decode(JSONWert.self, from: anzeigeMitAllenFeldern().json())
        let schluessel = alleSchluessel(wert)
        #expect(schluessel.count > 90, "\(schluessel.count) Felder")
        let fehlend = schluessel.filter { !dokument.contains("`\($0)`") }.sorted()
        #expect(fehlend.isEmpty, "Felder fehlen in docs/anzeige-json.md: \(fehlend)")
        // And the readable order of the examples knows every field.
        #expect(schluessel.subtracting(feldreihenfolge).isEmpty, "\(schluessel.subtracting(feldreihenfolge))")
    }

    @Test("Jeder Codewert ist genannt")
    func jederCodewert() {
        let werte: [String] =
            Meldeart.allCases.map(\.rawValue) + Formularversion.allCases.map(\.rawValue)
            + Eingangskanal.allCases.map(\.rawValue)
            + Geschlecht.allCases.map(\.rawValue) + Registerart.allCases.map(\.rawValue)
            + PersonFunktion.allCases.map(\.rawValue)
            + BeteiligungOeffentlicheHand.allCases.map(\.rawValue) + Niederlassungsart.allCases.map(\.rawValue)
            + GrundAnmeldung.allCases.map(\.rawValue) + GrundUmmeldung.allCases.map(\.rawValue)
            + GrundAbmeldung.allCases.map(\.rawValue) + UrsacheAbmeldung.allCases.map(\.rawValue)
            + WZKlassifikation.allCases.map(\.rawValue) + TaetigkeitStatus.allCases.map(\.rawValue)
        let fehlend = werte.filter { !dokument.contains("`\($0)`") }
        #expect(fehlend.isEmpty, "Codewerte fehlen in docs/anzeige-json.md: \(fehlend)")
    }

    @Test(
        "Jede genannte Regel-ID gibt es",
        arguments: ["docs/anzeige-json.md", "docs/code-lists.md", "docs/domain-rules.md"])
    func regelIDsExistieren(_ pfad: String) throws {
        let text = try Paket.text(pfad)
        let ids = Set(text.matches(of: /GEW-[A-Z]{2,3}-\d{3}/).map { String($0.output) })
        for id in ids.sorted() {
            #expect(Regelkatalog.regel(id) != nil, "\(pfad) nennt \(id), das es nicht gibt")
        }
    }

    @Test(
        "Die Feldnummern der Tabelle stimmen mit dem Modell",
        arguments: [
            ("beginn", Formularfeld.beginn), ("datumAenderung", .datumAenderung), ("datumAufgabe", .datumAufgabe),
            ("nebenerwerb", .nebenerwerb), ("erlaubnis", .erlaubnis), ("handwerkskarte", .handwerkskarte),
            ("datumUnterschrift", .datumUnterschrift), ("fruehererInhaber", .fruehererInhaber),
            ("kuenftigerInhaber", .kuenftigerInhaber),
            ("beschaeftigte", .beschaeftigte), ("niederlassungsart", .niederlassungsart), ("betriebsart", .betriebsart),
        ])
    func feldnummern(_ feld: String, _ formularfeld: Formularfeld) throws {
        let zeile = try #require(dokument.split(separator: "\n").first { $0.hasPrefix("| `\(feld)` |") })
        let zellen = zeile.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        // Cells: Feld, Typ, GewA 1, GewA 2, GewA 3, Regeln.
        for (index, meldeart) in Meldeart.allCases.enumerated() {
            let zelle = zellen[2 + index]
            if let nummer = formularfeld.nummer(in: meldeart) {
                #expect(zelle.hasPrefix(String(nummer)), "\(feld), \(meldeart.formular): „\(zelle)“, Modell \(nummer)")
            } else {
                #expect(zelle.hasPrefix("–"), "\(feld), \(meldeart.formular): „\(zelle)“, Modell: kein Feld")
            }
        }
    }
}
