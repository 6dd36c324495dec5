import Foundation
import Testing

@testable import GewerbeDomain

/// The recipients' data profiles read from the XGewO 1.3 Schematron list, and where they say the
/// same as section 3 GewAnzV (the primary source) in field numbers.
@Suite struct NachrichtenprofilTests {
    @Test func jedeZeileDerListeWirdGelesenUndEingeordnet() {
        #expect(Nachrichtenprofile.gelesen.fehler.isEmpty, "\(Nachrichtenprofile.gelesen.fehler)")
        #expect(Nachrichtenprofile.regeln.count == 756)
        #expect(Set(Nachrichtenprofile.regeln.map(\.code)).count == 756, "ein Code doppelt")
        let typen = Set(Nachrichtenprofile.regeln.map(\.nachrichtentyp))
        #expect(typen.count == 19)
        for art in Empfaengerart.allCases where art.nachrichtentypBelegt {
            #expect(typen.contains(art.nachrichtentyp), "\(art.nachrichtentyp) fehlt in der Liste")
        }
        #expect(!typen.contains(Empfaengerart.gewerbeamt.nachrichtentyp), "der Platzhalter ist kein Typ der Liste")
    }

    @Test func einUnbekannterKontextOderEinAnderesElementIstEinFehler() {
        let text = """
            Code|Text
            FORBIDDEN-sta.gewerbemeldung.0100//irgendwo-x|Das Kindelement xga:x darf in diesem Kontext nicht angegeben werden.
            REQUIRED-sta.gewerbemeldung.0100//anmeldung-y|Das Kindelement xga:z muss in diesem Kontext angegeben werden.
            MAYBE-sta.gewerbemeldung.0100//anmeldung-y|Das Kindelement xga:y muss
            FORBIDDEN-sta.gewerbemeldung.0100//anmeldung-verdachtsmoment|Das Kindelement xga:verdachtsmoment darf nicht.
            """
        let gelesen = Nachrichtenprofile.lesen(text)
        #expect(
            gelesen.fehler.map(\.grund) == [
                "unbekannter Kontext", "der Text nennt ein anderes Element", "weder FORBIDDEN noch REQUIRED",
            ])
        #expect(gelesen.regeln.map(\.element) == ["xga:verdachtsmoment"])
        #expect(gelesen.regeln.first?.auchVorher == true)
    }

    @Test func geltungImZustandVorDerAenderung() throws {
        let regeln = Nachrichtenprofile.regeln(fuer: "sta.gewerbemeldung.0100")
        let nurAktuell = try #require(regeln.first { $0.lokalerName == "gewerbebetriebID" })
        #expect(nurAktuell.art == .gefordert && !nurAktuell.auchVorher)
        let beide = try #require(regeln.first { $0.lokalerName == "erlaubnis" && $0.kontext == .gewerbebetrieb })
        #expect(beide.art == .verboten && beide.auchVorher)
    }

    /// Section 3 Abs. 1 to 3 GewAnzV in field numbers against the list in elements: where both
    /// speak of the same datum, they agree.
    @Test(arguments: [
        // IHK: not field 29 (Handwerkskarte); HWK: yes (GewAnzV § 3 Abs. 1 Nr. 1 and 2).
        ("handwerkskarte", Profilkontext.gewerbebetrieb, "ihk.gewerbemeldung.0200", true),
        ("handwerkskarte", .gewerbebetrieb, "hwk.gewerbemeldung.0210", false),
        // Statistics: no birth date (§ 3 Abs. 2: fields 6, 10, 18 ff., not 8).
        ("geburtsdatum", .beteiligtePersonGeburt, "sta.gewerbemeldung.0100", true),
        // Eichbehoerde: only fields 1, 3-5, 11, 14, 15, 18, 20: no Geschlecht (6), no Geburt (8, 9).
        ("geschlecht", .beteiligtePerson, "ea.gewerbemeldung.0220", true),
        ("geburt", .beteiligtePerson, "ea.gewerbemeldung.0220", true),
        // Registergericht: not fields 8-10 (Geburt, Staatsangehoerigkeit).
        ("geburt", .beteiligtePerson, "rg.gewerbemeldung.0240", true),
        // The Verdachtsmoment belongs to the Zoll alone (§ 3 Abs. 3 GewAnzV).
        ("verdachtsmoment", .anmeldung, "ihk.gewerbemeldung.0200", true),
        ("verdachtsmoment", .anmeldung, "zv.gewerbemeldung.0260", false),
    ])
    func gewAnzVUndListeStimmenUeberein(_ element: String, _ kontext: Profilkontext, _ typ: String, _ verboten: Bool) {
        #expect(Nachrichtenprofile.verboten(element, in: kontext, nachrichtentyp: typ) == verboten)
    }

    @Test func derZollVerlangtDasVerdachtsmoment() {
        let gefordert = Nachrichtenprofile.regeln(fuer: "zv.gewerbemeldung.0260").filter {
            $0.art == .gefordert && $0.lokalerName == "verdachtsmoment"
        }
        #expect(gefordert.map(\.kontext) == [.anmeldung])
    }

    @Test func werNurVertretungsberechtigtIstBehaeltSeineDatenFuerSich() {
        // Every Gewerbemeldung of a recipient forbids the birth data of a person who is only
        // vertretungsberechtigt; the Verteilplattform's superset message too.
        for art in Empfaengerart.allCases where art.nachrichtentypBelegt {
            #expect(
                Nachrichtenprofile.verboten(
                    "geburt", in: .nurVertretungsberechtigtePerson, nachrichtentyp: art.nachrichtentyp),
                "\(art.nachrichtentyp)")
        }
        // Beyond those persons, the Verteilplattform gets everything.
        let alg = Nachrichtenprofile.regeln(fuer: "alg.gewerbemeldung.0300").filter { $0.art == .verboten }
        #expect(!alg.isEmpty && alg.allSatisfy { $0.kontext == .nurVertretungsberechtigtePerson })
    }
}
