import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The fixture a rule case starts from.
enum Basis: String, Sendable, CaseIterable {
    case einzelunternehmen, gmbh, handwerk, ummeldung, abmeldung, verlegung

    var anzeige: Anzeige {
        switch self {
        case .einzelunternehmen: Beispielanzeigen.einzelunternehmen
        case .gmbh: Beispielanzeigen.gmbh
        case .handwerk: Beispielanzeigen.handwerk
        case .ummeldung: Beispielanzeigen.ummeldung
        case .abmeldung: Beispielanzeigen.abmeldung
        case .verlegung: Beispielanzeigen.verlegung
        }
    }
}

/// What a firing case expects of the finding.
struct Erwartung: Sendable, Hashable {
    let schwere: Schwere
    let feldpfad: String
    let feldnummer: Int?
}

/// One row of the rule tables: an Anzeige (a fixture with one change), the context, and either
/// the finding the rule must give or `nil` when the rule must stay silent.
struct Regelfall: Sendable, CustomTestStringConvertible {
    let regel: String
    let beschreibung: String
    let anzeige: Anzeige
    let kontext: Pruefkontext
    let erwartet: Erwartung?
    /// The test file that holds the row (named in `docs/domain-rules.md`).
    let datei: String

    var testDescription: String { "\(regel) \(erwartet == nil ? "still" : "feuert"): \(beschreibung)" }
}

/// A row where `regel` must report a finding with this severity, path and field number.
func feuert(
    _ regel: String, _ schwere: Schwere, _ feldpfad: String, feld feldnummer: Int?, _ beschreibung: String,
    basis: Basis = .einzelunternehmen, kontext: Pruefkontext = Beispielanzeigen.kontext(),
    datei: String = #fileID, _ aendern: (inout Anzeige) -> Void = { _ in }
) -> Regelfall {
    var anzeige = basis.anzeige
    aendern(&anzeige)
    return Regelfall(
        regel: regel, beschreibung: beschreibung, anzeige: anzeige, kontext: kontext,
        erwartet: Erwartung(schwere: schwere, feldpfad: feldpfad, feldnummer: feldnummer), datei: datei)
}

/// A row where `regel` must report nothing (a near miss of its condition).
func still(
    _ regel: String, _ beschreibung: String, basis: Basis = .einzelunternehmen,
    kontext: Pruefkontext = Beispielanzeigen.kontext(), datei: String = #fileID,
    _ aendern: (inout Anzeige) -> Void = { _ in }
) -> Regelfall {
    var anzeige = basis.anzeige
    aendern(&anzeige)
    return Regelfall(
        regel: regel, beschreibung: beschreibung, anzeige: anzeige, kontext: kontext, erwartet: nil, datei: datei)
}

/// Every row of every table.
enum Regelfaelle {
    static let alle: [Regelfall] =
        RegelfaellePflicht.faelle + RegelfaelleFormat.faelle + RegelfaelleRechtsform.faelle
        + RegelfaellePersonen.faelle + RegelfaelleErlaubnis.faelle + RegelfaelleDatum.faelle
        + RegelfaelleBetrieb.faelle + RegelfaelleLebenszyklus.faelle

    static var feuernd: [Regelfall] { alle.filter { $0.erwartet != nil } }
    static var still: [Regelfall] { alle.filter { $0.erwartet == nil } }
}

// MARK: - Small builders for the tables

extension Anzeige {
    /// Changes person `index` in place.
    mutating func person(_ index: Int = 0, _ aendern: (inout Person) -> Void) {
        guard var liste = personen, liste.indices.contains(index) else { return }
        aendern(&liste[index])
        personen = liste
    }
}

func datum(_ iso: String) -> Datum { Datum(iso: iso)! }

func taetigkeit(
    _ beschreibung: String, wz: String? = nil, version: WZKlassifikation = .wz2008, schwerpunkt: Bool? = true,
    status: TaetigkeitStatus? = nil
) -> Taetigkeit {
    Taetigkeit(
        beschreibung: beschreibung, schwerpunkt: schwerpunkt,
        wz: wz.map { WZAngabe(klassifikation: version, code: $0) },
        status: status)
}

func anschrift(
    _ strasse: String, _ hausnummer: String?, _ plz: String, _ ort: String, staat: String? = nil
) -> Anschrift {
    Anschrift(strasse: strasse, hausnummer: hausnummer, plz: plz, ort: ort, staat: staat)
}

/// A complete Hauptniederlassung address (for branch cases).
let hauptniederlassungKassel = Standort(anschrift: anschrift("Königsplatz", "1", "34117", "Kassel"))

/// A Betriebsleiter (field 14) for branch cases.
let betriebsleiterBeispiel = Name(familienname: "Becker", vornamen: "Jonas")

/// Kontext in which the flower shop of the Ummeldung/Abmeldung fixtures is known.
func kontextBlumenladen(nachUmmeldung: Bool = false) -> Pruefkontext {
    Beispielanzeigen.kontext(betrieb: .bekannt(Beispielanzeigen.blumenladenZustand(nachUmmeldung: nachUmmeldung)))
}

/// A GbR as Betriebsinhaber (two partners, unregistered), for the Einzelunternehmen fixture.
func zuGbR(_ anzeige: inout Anzeige) {
    anzeige.inhaber = Inhaber(rechtsform: "270", weitereGesellschafter: ["Petra Weiß"])
    anzeige.anzahlVertretungsberechtigte = 2
    anzeige.person { $0.funktion = .geschaeftsfuehrenderGesellschafter }
}
