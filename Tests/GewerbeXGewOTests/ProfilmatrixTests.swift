import Foundation
import GewerbeDomain
import GewerbeTestSupport
import GewerbeXGewO
import Testing

private typealias B = Uebermittlungsbeispiele

/// Every row of the XGewO 1.3 Schematron list against messages written from Anzeigen that fill
/// every field the writer knows, for every trader kind and every kind of Satz: a forbidden element
/// never reaches its recipient, a required one is always there; and each row is exercised (the
/// complete record carries the element in that context), or its element is one the writer never
/// writes, named below with the reason.
@Suite struct ProfilmatrixTests {
    /// Context and element pairs of the list this product never writes, and why (a row about
    /// them holds trivially).
    static let nieGeschrieben: [String: String] = [
        "beteiligtePerson/erlaubnis": "das Formular erfasst Erlaubnisse des Betriebs (Feld 29), nicht einer Person",
        "beteiligtePerson/fachverfahrenskennziffer": "keine Angabe des Formulars",
        "beteiligtePerson/staatsangehoerigkeitFreitext":
            "Staatsangehörigkeiten werden nur als Destatis-Schlüssel erfasst",
        "datenaktualisierung/anlaesseDatenaktualisierung":
            "die einzige Datenaktualisierung ist die Berichtigung (Schlüssel 01)",
        "gesellschafter/austrittsdatum": "kein Feld des Formulars",
        "gesellschafter/eintrittsdatum": "kein Feld des Formulars",
        "gesetzlicherVertreter/austrittsdatum": "kein Feld des Formulars",
        "gesetzlicherVertreter/eintrittsdatum": "kein Feld des Formulars",
        "juristischePerson/erlaubnis": "das Formular erfasst Erlaubnisse des Betriebs (Feld 29)",
        "nurVertretungsberechtigtePerson/anschrift":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/aufenthaltstitel":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/doktorgrad":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/erlaubnis":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/fachverfahrenskennziffer":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/geburt":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/geschlecht":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/kommunikation":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/staatsangehoerigkeit":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "nurVertretungsberechtigtePerson/staatsangehoerigkeitFreitext":
            "nur der Name des Betriebsleiters ist erfasst (Feld 14: Name, Vorname)",
        "rechtsfaehigePersonengesellschaft/erlaubnis": "das Formular erfasst Erlaubnisse des Betriebs (Feld 29)",
        "sonstigePersonenvereinigung/erlaubnis": "das Formular erfasst Erlaubnisse des Betriebs (Feld 29)",
        "ummeldung/frueheresGewerbe": "GewA 2 hat kein früheres Gewerbe; geschrieben nur in der Anmeldung",
    ]

    /// An Anzeige with every field the writer reads.
    static func voll(rechtsform: String, register: Registereintrag?) -> Anzeige {
        let person = Person(
            funktion: rechtsform == "180" ? .inhaber : .gesetzlicherVertreter, familienname: "Yılmaz",
            vornamen: "Ayşe", doktorgrad: "Dr.", geschlecht: .weiblich, geburtsname: "Demir",
            geburtsdatum: Datum(iso: "1980-04-12"), geburtsort: "Izmir", geburtsland: "Türkei",
            staatsangehoerigkeiten: ["163"],
            wohnanschrift: Anschrift(strasse: "Am Sande", hausnummer: "4", plz: "37213", ort: "Witzenhausen"),
            kontakt: Kontakt(telefon: "05542 1", mobil: "0170 1", fax: "05542 2", email: "a@b.example"),
            aufenthaltstitel: Aufenthaltstitel(
                liegtVor: true, ausgestelltAm: Datum(iso: "2020-01-02"), ausgestelltVon: "ABH Kassel",
                gueltigBis: Datum(iso: "2030-01-01"), auflage: true, auflageText: "Selbständige Tätigkeit gestattet"))
        var zweite = person
        zweite.familienname = "Schmidt"
        zweite.funktion = rechtsform == "210" ? .geschaeftsfuehrenderGesellschafter : person.funktion
        let nachweis = Nachweis(
            liegtVor: true, ausgestelltAm: Datum(iso: "2026-01-05"), ausgestelltVon: "Kreis", bezeichnung: "Nachweis")
        let standort = Standort(
            anschrift: Anschrift(strasse: "Markt", hausnummer: "1", plz: "37213", ort: "Witzenhausen"),
            kontakt: Kontakt(telefon: "05542 3", email: "info@b.example", internet: "https://b.example"))
        return Anzeige(
            meldeart: .anmeldung, gemeindeschluessel: "06636016", betriebId: Meldungsbeispiel.betriebId,
            eingangsdatum: Datum(iso: "2026-11-19"),
            inhaber: Inhaber(
                name: "Beispiel Firma", rechtsform: rechtsform, register: register,
                weitereGesellschafter: rechtsform == "210" ? ["Karl Weber"] : nil),
            geschaeftsbezeichnung: "Beispiel", personen: rechtsform == "180" ? [person] : [person, zweite],
            anzahlVertretungsberechtigte: 2, beteiligungOeffentlicheHand: .nein,
            betriebsleiter: Name(familienname: "Hoffmann", vornamen: "Jens"), betriebsstaette: standort,
            hauptniederlassung: Standort(anschrift: Anschrift(ort: "Wien", staat: "Österreich")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Handel", schwerpunkt: true, wz: WZAngabe(klassifikation: .wz2008, code: "47.76.1")),
                Taetigkeit(beschreibung: "Lieferung", schwerpunkt: false, wz: WZAngabe(code: "53.20.0")),
            ],
            nebenerwerb: false, beginn: Datum(iso: "2026-12-01"), datumAenderung: Datum(iso: "2026-12-01"),
            datumAufgabe: Datum(iso: "2026-12-31"), betriebsart: Betriebsart(industrie: true, handel: true),
            beschaeftigte: Beschaeftigte(vollzeit: 1, teilzeit: 2), niederlassungsart: .hauptniederlassung,
            reisegewerbe: false, grundAnmeldung: .uebernahme, gruendeUmmeldung: [.wechselDerTaetigkeit],
            sonstigeGruendeUmmeldung: "Umbau", grundAbmeldung: .uebergabe, fruehererInhaber: "Alt GmbH",
            kuenftigerInhaber: "Neu GmbH",
            bisherigeUnfallversicherung: Unfallversicherung(traeger: "BG ETEM", mitgliedsnummer: "12345"),
            erlaubnis: nachweis, handwerkskarte: nachweis, gruendeBetriebsaufgabe: "Ruhestand",
            ursacheAbmeldung: .altersgruende)
    }

    static let inhaber: [(String, Registereintrag?)] = [
        ("180", nil), ("350", Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "1")),
        ("210", Registereintrag(art: .hra, gericht: "Amtsgericht Eschwege", nummer: "2")), ("790", nil),
    ]

    /// Every message type of the list this product writes (the Erlaubnisantraege are received, not written).
    static let typen: [String] = Array(Set(Nachrichtenprofile.regeln.map(\.nachrichtentyp)))
        .filter { !$0.hasPrefix("erl:") }.sorted()

    /// For one type: the complete and the cut tree of every trader kind and every kind of Satz.
    static func baeume(_ typ: String) -> [(voll: XMLKnoten, geschnitten: XMLKnoten)] {
        var ergebnis: [(XMLKnoten, XMLKnoten)] = []
        for (rechtsform, register) in inhaber {
            let anzeige = voll(rechtsform: rechtsform, register: register)
            for art in [Nachrichtenart.anmeldung, .ummeldung, .abmeldung, .datenaktualisierung] {
                var nachricht = GeplanteNachricht(
                    empfaenger: .verteilplattform, nachrichtenart: art, regeln: [], gruende: [], verdachtsmoment: true)
                nachricht.nachrichtentyp = typ
                var meldung = anzeige
                meldung.meldeart = art == .abmeldung ? .abmeldung : art == .ummeldung ? .ummeldung : .anmeldung
                let auftrag = Nachrichtenauftrag(
                    nachricht: nachricht, nachrichtenUUID: UUID(), satzUUID: UUID(),
                    erstellt: Meldungsbeispiel.erstellt,
                    autor: .gewerbeamt(ags: "06636016", name: "Witzenhausen"),
                    leser: .gewerbeamt(ags: "06636016", name: "Witzenhausen"), anzeige: meldung,
                    vorher: art == .ummeldung || art == .datenaktualisierung ? anzeige : nil,
                    betriebId: Meldungsbeispiel.betriebId, aktenzeichen: "GEW-1",
                    anhaltspunkteZoll: "Anhaltspunkte")
                ergebnis.append((Gewerbemeldung.vollstaendig(auftrag), Gewerbemeldung.knoten(auftrag)))
            }
        }
        return ergebnis
    }

    static func knoten(_ regel: Profilregel, in baum: XMLKnoten) -> [XMLKnoten] {
        baum.alle.filter { $0.kontexte.contains(regel.kontext) && (!$0.vorher || regel.auchVorher) }
    }

    @Test(arguments: typen)
    func jedeZeileDerListeHaelt(_ typ: String) {
        let baeume = Self.baeume(typ)
        var nichtGeuebt = Set<String>()
        for regel in Nachrichtenprofile.regeln(fuer: typ) {
            let name = regel.lokalerName
            let geuebt = baeume.contains { paar in
                Self.knoten(regel, in: regel.art == .verboten ? paar.voll : paar.geschnitten).contains {
                    $0.kinder.contains { $0.lokalerName == name }
                }
            }
            if !geuebt { nichtGeuebt.insert("\(regel.kontext.rawValue)/\(name)") }
            for paar in baeume {
                for knoten in Self.knoten(regel, in: paar.geschnitten) {
                    let vorhanden = knoten.kinder.contains { $0.lokalerName == name }
                    switch regel.art {
                    case .verboten: #expect(!vorhanden, "\(regel.code)")
                    case .gefordert: #expect(vorhanden || !geuebt, "\(regel.code)")
                    }
                }
            }
        }
        let unerklaert = nichtGeuebt.subtracting(Self.nieGeschrieben.keys)
        #expect(unerklaert.isEmpty, "\(typ): Zeilen ohne Übung und ohne Grund: \(unerklaert.sorted())")
    }

    /// The reasons above stay true: a pair named there is indeed never written.
    @Test func nieGeschriebenIstWahr() {
        var geschrieben = Set<String>()
        for paar in Self.baeume("alg.gewerbemeldung.0300") {
            for knoten in paar.voll.alle {
                for kontext in knoten.kontexte {
                    for kind in knoten.kinder { geschrieben.insert("\(kontext.rawValue)/\(kind.lokalerName)") }
                }
            }
        }
        let falsch = Set(Self.nieGeschrieben.keys).intersection(geschrieben)
        #expect(falsch.isEmpty, "\(falsch.sorted())")
    }

    @Test func jederTypDerListeAusserDenErlaubnisantraegenWirdGeprueft() {
        let alle = Set(Nachrichtenprofile.regeln.map(\.nachrichtentyp))
        #expect(
            alle.subtracting(Self.typen) == ["erl:gewo.erlaubnisantrag34c.1010", "erl:gewo.erlaubnisantrag34d.1020"])
        #expect(Self.typen.count == 17)
        let zeilen = Nachrichtenprofile.regeln.filter { !$0.nachrichtentyp.hasPrefix("erl:") }.count
        #expect(zeilen == 734)
    }
}
