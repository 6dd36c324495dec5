import Foundation

// Code values of the GewA forms. Each enum's raw value is what the JSON form of an Anzeige
// carries (readable, stable); `schluessel` is the value of the official code list where one is
// known. `docs/code-lists.md` says for each list where the values come from and how sure they are.

/// The kind of notification: which form (GewAnzV section 1) applies.
public enum Meldeart: String, Sendable, Codable, CaseIterable, Hashable {
    /// GewA 1: Beginn (GewO section 14 Abs. 1 Satz 1).
    case anmeldung
    /// GewA 2: Verlegung, Wechsel oder Ausdehnung des Gegenstandes (section 14 Abs. 1 Satz 2 Nr. 1, 2).
    case ummeldung
    /// GewA 3: Aufgabe (section 14 Abs. 1 Satz 2 Nr. 3).
    case abmeldung

    /// The form's short name, e.g. `GewA 1`.
    public var formular: String {
        switch self {
        case .anmeldung: "GewA 1"
        case .ummeldung: "GewA 2"
        case .abmeldung: "GewA 3"
        }
    }

    /// The noun staff use, e.g. `Gewerbeanmeldung`.
    public var bezeichnung: String {
        switch self {
        case .anmeldung: "Gewerbeanmeldung"
        case .ummeldung: "Gewerbeummeldung"
        case .abmeldung: "Gewerbeabmeldung"
        }
    }

    /// XGewerbeanzeige "Art der Meldung" (1 Anmeldung, 2 Ummeldung, 3 Abmeldung).
    public var schluessel: String {
        switch self {
        case .anmeldung: "1"
        case .ummeldung: "2"
        case .abmeldung: "3"
        }
    }
}

/// Field 6: Geschlecht as entered in the birth register (PStG section 22 Abs. 3 allows "divers"
/// and no entry). Raw values follow the XOEV convention m/w/d/x.
public enum Geschlecht: String, Sendable, Codable, CaseIterable, Hashable {
    case maennlich = "m"
    case weiblich = "w"
    case divers = "d"
    /// "ohne Angabe" (no entry in the birth register).
    case ohneAngabe = "x"

    public var bezeichnung: String {
        switch self {
        case .maennlich: "männlich"
        case .weiblich: "weiblich"
        case .divers: "divers"
        case .ohneAngabe: "ohne Angabe"
        }
    }
}

/// Field 2: the register a Betriebsinhaber is entered in. Raw values are the register
/// abbreviations staff write; `schluessel` is the XUnternehmen code list "Art der Eintragung"
/// (`urn:xoev-de:xunternehmen:codeliste:artdereintragung`, version 2).
public enum Registerart: String, Sendable, Codable, CaseIterable, Hashable {
    /// Handelsregister Abteilung A (e.K., OHG, KG, GmbH & Co. KG).
    case hra = "HRA"
    /// Handelsregister Abteilung B (GmbH, UG, AG, SE, KGaA).
    case hrb = "HRB"
    /// Genossenschaftsregister (eG).
    case gnr = "GnR"
    /// Partnerschaftsregister (PartG).
    case pr = "PR"
    /// Vereinsregister (e.V.).
    case vr = "VR"
    /// Gesellschaftsregister (eGbR, since 1 January 2024, MoPeG).
    case gsr = "GsR"
    /// Stiftungsverzeichnis of a Land.
    case stiftungsverzeichnis = "Stiftungsverzeichnis"

    public var schluessel: String {
        switch self {
        case .hra: "A"
        case .hrb: "B"
        case .gnr: "G"
        case .pr: "P"
        case .vr: "V"
        case .gsr: "GesR"
        case .stiftungsverzeichnis: "S"
        }
    }

    public var bezeichnung: String {
        switch self {
        case .hra: "Handelsregister A"
        case .hrb: "Handelsregister B"
        case .gnr: "Genossenschaftsregister"
        case .pr: "Partnerschaftsregister"
        case .vr: "Vereinsregister"
        case .gsr: "Gesellschaftsregister"
        case .stiftungsverzeichnis: "Stiftungsverzeichnis"
        }
    }
}

/// Field 23: what the Anzeige is made for (XGewerbeanzeige "Art der Niederlassung").
public enum Niederlassungsart: String, Sendable, Codable, CaseIterable, Hashable {
    case hauptniederlassung
    case zweigniederlassung
    case unselbstaendigeZweigstelle

    public var schluessel: String {
        switch self {
        case .hauptniederlassung: "1"
        case .zweigniederlassung: "2"
        case .unselbstaendigeZweigstelle: "3"
        }
    }

    public var bezeichnung: String {
        switch self {
        case .hauptniederlassung: "Hauptniederlassung"
        case .zweigniederlassung: "Zweigniederlassung"
        case .unselbstaendigeZweigstelle: "unselbständige Zweigstelle"
        }
    }
}

/// GewA 1 field 25: Grund der Neuerrichtung / der Übernahme (form version 2025).
public enum GrundAnmeldung: String, Sendable, Codable, CaseIterable, Hashable {
    /// Neuerrichtung / Neugründung.
    case neugruendung
    /// Verlegung des Betriebs aus einem anderen Meldebezirk (2025 form; the 2019 form called it
    /// "Wiedereröffnung nach Verlegung aus einem anderen Meldebezirk"). Since 1 Nov 2025 this
    /// Anmeldung counts as the Abmeldung at the former office (Rückmeldeverfahren).
    case verlegungAusAnderemMeldebezirk
    /// Wechsel der Rechtsform.
    case wechselDerRechtsform
    /// Übergang nach dem Umwandlungsgesetz (Verschmelzung, Spaltung ...).
    case umwandlung
    /// Gesellschaftereintritt.
    case gesellschaftereintritt
    /// Übernahme durch Erbfolge, Kauf oder Pacht.
    case uebernahme

    public var bezeichnung: String {
        switch self {
        case .neugruendung: "Neuerrichtung/Neugründung"
        case .verlegungAusAnderemMeldebezirk: "Verlegung des Betriebs aus einem anderen Meldebezirk"
        case .wechselDerRechtsform: "Wechsel der Rechtsform"
        case .umwandlung: "Übergang nach dem Umwandlungsgesetz"
        case .gesellschaftereintritt: "Gesellschaftereintritt"
        case .uebernahme: "Übernahme (Erbfolge, Kauf oder Pacht)"
        }
    }

    /// Whether the previous trader or firm name (field 26) is needed for this reason.
    public var brauchtFrueherenInhaber: Bool {
        switch self {
        case .wechselDerRechtsform, .umwandlung, .gesellschaftereintritt, .uebernahme: true
        case .neugruendung, .verlegungAusAnderemMeldebezirk: false
        }
    }
}

/// GewA 3 fields 25/26: Grund der Aufgabe / der Übergabe.
public enum GrundAbmeldung: String, Sendable, Codable, CaseIterable, Hashable {
    /// Vollständige Aufgabe (Stilllegung).
    case vollstaendigeAufgabe
    /// Verlegung in einen anderen Meldebezirk (Fortzug).
    case verlegungInAnderenMeldebezirk
    case wechselDerRechtsform
    /// Übergang nach dem Umwandlungsgesetz.
    case umwandlung
    case gesellschafteraustritt
    /// Übergabe durch Erbfolge, Verkauf oder Verpachtung.
    case uebergabe

    public var bezeichnung: String {
        switch self {
        case .vollstaendigeAufgabe: "vollständige Aufgabe"
        case .verlegungInAnderenMeldebezirk: "Verlegung in einen anderen Meldebezirk"
        case .wechselDerRechtsform: "Wechsel der Rechtsform"
        case .umwandlung: "Übergang nach dem Umwandlungsgesetz"
        case .gesellschafteraustritt: "Gesellschafteraustritt"
        case .uebergabe: "Übergabe (Erbfolge, Verkauf, Verpachtung)"
        }
    }

    /// Whether the future trader or firm name (field 27) is needed for this reason.
    public var brauchtKuenftigenInhaber: Bool {
        switch self {
        case .wechselDerRechtsform, .umwandlung, .gesellschafteraustritt, .uebergabe: true
        case .vollstaendigeAufgabe, .verlegungInAnderenMeldebezirk: false
        }
    }
}

/// GewA 2: reasons for an Ummeldung (GewO section 14 Abs. 1 Satz 2 Nr. 1 and 2; field 20 names
/// further voluntary reasons such as a change of the trader's name).
public enum GrundUmmeldung: String, Sendable, Codable, CaseIterable, Hashable {
    /// Verlegung des Betriebs innerhalb des Meldebezirks (address changes; field 17 holds the old one).
    case verlegungInnerhalb
    /// Wechsel des Gegenstandes (the activity changes).
    case wechselDerTaetigkeit
    /// Ausdehnung des Gegenstandes (activities are added).
    case ausdehnungDerTaetigkeit
    /// Aufgabe einer von mehreren Tätigkeiten (voluntary, field 20).
    case einschraenkungDerTaetigkeit
    /// Änderung des Namens des Gewerbetreibenden (BEG IV).
    case namensaenderung
    /// Wechsel zwischen Haupt- und Nebenerwerb (voluntary, field 20).
    case wechselErwerbsart
    /// Other reasons, described in `sonstigeGruende`.
    case sonstiges

    public var bezeichnung: String {
        switch self {
        case .verlegungInnerhalb: "Verlegung innerhalb des Meldebezirks"
        case .wechselDerTaetigkeit: "Wechsel der Tätigkeit"
        case .ausdehnungDerTaetigkeit: "Ausdehnung der Tätigkeit"
        case .einschraenkungDerTaetigkeit: "Aufgabe einer Teiltätigkeit"
        case .namensaenderung: "Änderung des Namens"
        case .wechselErwerbsart: "Wechsel zwischen Haupt- und Nebenerwerb"
        case .sonstiges: "sonstiger Grund"
        }
    }
}

/// GewA 3 field 28: Gründe für die Betriebsaufgabe, as coded for the statistics
/// (XGewerbeanzeige "Ursache für Abmeldung"; the form itself takes free text).
public enum UrsacheAbmeldung: String, Sendable, Codable, CaseIterable, Hashable {
    case altersgruende
    case gesundheitlicheGruende
    case wirtschaftlicheSchwierigkeiten
    case insolvenz
    case familiaereGruende
    case aufnahmeAbhaengigerBeschaeftigung
    case behoerdlicheUntersagung
    case sonstige
    case keineAngabe

    public var bezeichnung: String {
        switch self {
        case .altersgruende: "Altersgründe"
        case .gesundheitlicheGruende: "gesundheitliche Gründe"
        case .wirtschaftlicheSchwierigkeiten: "wirtschaftliche Schwierigkeiten"
        case .insolvenz: "Insolvenzverfahren"
        case .familiaereGruende: "familiäre Gründe"
        case .aufnahmeAbhaengigerBeschaeftigung: "Aufnahme einer abhängigen Beschäftigung"
        case .behoerdlicheUntersagung: "behördliche Untersagung"
        case .sonstige: "sonstige Gründe"
        case .keineAngabe: "keine Angabe"
        }
    }
}

/// Field 13: Liegt eine Beteiligung der öffentlichen Hand vor?
public enum BeteiligungOeffentlicheHand: String, Sendable, Codable, CaseIterable, Hashable {
    case ja
    case nein
    case nichtBekannt

    public var bezeichnung: String {
        switch self {
        case .ja: "ja"
        case .nein: "nein"
        case .nichtBekannt: "nicht bekannt"
        }
    }
}

/// The role of a person on the form (XGewerbeanzeige "Funktion einer Person").
public enum PersonFunktion: String, Sendable, Codable, CaseIterable, Hashable {
    /// The trader himself (Einzelunternehmen).
    case inhaber
    /// Geschäftsführender Gesellschafter of a Personengesellschaft (one form each).
    case geschaeftsfuehrenderGesellschafter
    /// Gesetzlicher Vertreter of a juristische Person (Geschäftsführer, Vorstand).
    case gesetzlicherVertreter

    public var bezeichnung: String {
        switch self {
        case .inhaber: "Inhaber/in"
        case .geschaeftsfuehrenderGesellschafter: "geschäftsführende/r Gesellschafter/in"
        case .gesetzlicherVertreter: "gesetzliche/r Vertreter/in"
        }
    }
}

/// Which layout of the GewA forms an Anzeige was made on.
public enum Formularversion: String, Sendable, Codable, CaseIterable, Hashable {
    /// BGBl. I 2019, 918-923.
    case v2019 = "2019"
    /// Forms valid from 1 November 2025 (Rückmeldeverfahren).
    case v2025 = "2025"
}

/// How the Anzeige reached the office.
public enum Eingangskanal: String, Sendable, Codable, CaseIterable, Hashable {
    /// At the counter (Schalter).
    case schalter
    case post
    /// Electronically, e.g. from the OZG platform (GewAnzV section 2).
    case online
    /// Created by the office itself (Abmeldung von Amts wegen, section 14 Abs. 1 Satz 3 GewO).
    case vonAmtsWegen
    /// Abmeldung built from the register after an Anmeldung elsewhere (Rückmeldeverfahren,
    /// section 14 Abs. 1 GewO since 1 November 2025).
    case rueckmeldung
}

/// The version of the Klassifikation der Wirtschaftszweige a code belongs to.
public enum WZKlassifikation: String, Sendable, Codable, CaseIterable, Hashable {
    case wz2008 = "WZ2008"
    case wz2025 = "WZ2025"
}
