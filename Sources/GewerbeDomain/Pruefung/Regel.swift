import Foundation

/// How much a finding weighs.
public enum Schwere: String, Sendable, Codable, Hashable, CaseIterable {
    /// Blocks the Anzeige: it is not accepted until the finding is fixed.
    case fehler
    /// Lets the Anzeige through but flags it for the clerk (e.g. a missing Erlaubnis the
    /// Ordnungsamt must follow up).
    case hinweis
}

/// The fields of the GewA forms, to give every finding its field number on the form in use.
public enum Formularfeld: String, Sendable, Codable, Hashable, CaseIterable {
    case kopf, name, register, geschaeftsbezeichnung, familienname, vornamen, geschlecht, geburtsname
    case geburtsdatum, geburtsort, staatsangehoerigkeit, wohnanschrift, anzahlVertretungsberechtigte
    case beteiligungOeffentlicheHand, betriebsleiter, betriebsstaette, hauptniederlassung
    case fruehereBetriebsstaette, kuenftigeBetriebsstaette, taetigkeit, taetigkeitWeiterhin, nebenerwerb
    case beginn, datumAenderung, datumAufgabe, betriebsart, beschaeftigte, niederlassungsart, reisegewerbe
    /// The date the form is about: Beginn (GewA 1 field 20), Aenderung (GewA 2 field 21) or
    /// Aufgabe (GewA 3 field 20), for rules that check it on every form.
    case ereignisdatum
    case grundAnmeldung, gruendeUmmeldung, grundAbmeldung, fruehererInhaber, kuenftigerInhaber
    case unfallversicherung, erlaubnis, handwerkskarte, aufenthaltstitel, auflage, gruendeBetriebsaufgabe
    case datumUnterschrift

    /// The field number on the form of `meldeart` (2019 and 2025 layouts), `nil` if the form has
    /// no such field (or it is the header).
    public func nummer(in meldeart: Meldeart) -> Int? {
        switch (self, meldeart) {
        case (.kopf, _): nil
        case (.name, _): 1
        case (.register, _): 2
        case (.geschaeftsbezeichnung, _): 3
        case (.familienname, _): 4
        case (.vornamen, _): 5
        case (.geschlecht, _): 6
        case (.geburtsname, _): 7
        case (.geburtsdatum, _): 8
        case (.geburtsort, _): 9
        case (.staatsangehoerigkeit, _): 10
        case (.wohnanschrift, _): 11
        case (.anzahlVertretungsberechtigte, _): 12
        case (.beteiligungOeffentlicheHand, _): 13
        case (.betriebsleiter, _): 14
        case (.betriebsstaette, _): 15
        case (.hauptniederlassung, _): 16
        case (.fruehereBetriebsstaette, .anmeldung), (.fruehereBetriebsstaette, .ummeldung): 17
        case (.kuenftigeBetriebsstaette, .abmeldung): 17
        case (.taetigkeit, _): 18
        case (.taetigkeitWeiterhin, .ummeldung): 19
        case (.nebenerwerb, .anmeldung), (.nebenerwerb, .abmeldung): 19
        case (.beginn, .anmeldung): 20
        case (.gruendeUmmeldung, .ummeldung): 20
        case (.datumAenderung, .ummeldung): 21
        case (.datumAufgabe, .abmeldung): 20
        case (.ereignisdatum, .anmeldung), (.ereignisdatum, .abmeldung): 20
        case (.ereignisdatum, .ummeldung): 21
        case (.betriebsart, .anmeldung), (.betriebsart, .abmeldung): 21
        case (.beschaeftigte, _): 22
        case (.niederlassungsart, _): 23
        case (.reisegewerbe, _): 24
        case (.grundAnmeldung, .anmeldung): 25
        case (.grundAbmeldung, .abmeldung): 25
        case (.fruehererInhaber, .anmeldung): 26
        case (.kuenftigerInhaber, .abmeldung): 27
        case (.unfallversicherung, .anmeldung): 27
        case (.erlaubnis, .anmeldung): 28
        case (.erlaubnis, .ummeldung): 25
        case (.handwerkskarte, .anmeldung): 29
        case (.handwerkskarte, .ummeldung): 26
        case (.aufenthaltstitel, .anmeldung): 30
        case (.aufenthaltstitel, .ummeldung): 27
        case (.auflage, .anmeldung): 31
        case (.auflage, .ummeldung): 28
        case (.gruendeBetriebsaufgabe, .abmeldung): 28
        case (.datumUnterschrift, .anmeldung): 32
        case (.datumUnterschrift, .ummeldung), (.datumUnterschrift, .abmeldung): 29
        default: nil
        }
    }
}

/// One finding of the validation: which rule, where, how bad, and what staff should do.
public struct Befund: Sendable, Hashable, Codable {
    /// Stable rule id, e.g. `GEW-PFL-006`.
    public var regel: String
    public var schwere: Schwere
    /// JSON path of the field in the Anzeige, e.g. `personen[0].geburtsdatum`.
    public var feldpfad: String
    /// Field number on the form in use (GewA 1/2/3), if the field has one.
    public var feldnummer: Int?
    /// German message for staff.
    public var meldung: String
    /// Legal source, e.g. `§ 14 Abs. 1 GewO; GewAnzV Anlage 1`.
    public var rechtsgrundlage: String

    public init(
        regel: String, schwere: Schwere, feldpfad: String, feldnummer: Int?, meldung: String, rechtsgrundlage: String
    ) {
        self.regel = regel
        self.schwere = schwere
        self.feldpfad = feldpfad
        self.feldnummer = feldnummer
        self.meldung = meldung
        self.rechtsgrundlage = rechtsgrundlage
    }
}

/// What a rule's check reports: a path and a message (the rule supplies the rest).
public struct Treffer: Sendable, Hashable {
    public var pfad: String
    public var meldung: String
    /// Overrides the rule's field for the field number (e.g. a rule that checks several fields).
    public var feld: Formularfeld?

    public init(_ pfad: String, _ meldung: String, feld: Formularfeld? = nil) {
        self.pfad = pfad
        self.meldung = meldung
        self.feld = feld
    }
}

/// A validation rule: a stable id, its legal source, the field it concerns, its severity, the
/// forms it applies to, and the check itself (a pure function).
public struct Regel: Sendable, Identifiable {
    public let id: String
    /// Short German title for the rule catalogue (`docs/domain-rules.md`).
    public let titel: String
    public let rechtsgrundlage: String
    public let schwere: Schwere
    public let meldearten: Set<Meldeart>
    /// The field the rule concerns (for the field number).
    public let feld: Formularfeld
    /// The JSON path pattern of the field, e.g. `personen[].geburtsdatum`.
    public let feldpfad: String
    let pruefung: @Sendable (Anzeige, Pruefkontext) -> [Treffer]

    public init(
        _ id: String, _ titel: String, rechtsgrundlage: String, schwere: Schwere,
        meldearten: Set<Meldeart> = Set(Meldeart.allCases), feld: Formularfeld, feldpfad: String,
        pruefung: @escaping @Sendable (Anzeige, Pruefkontext) -> [Treffer]
    ) {
        self.id = id
        self.titel = titel
        self.rechtsgrundlage = rechtsgrundlage
        self.schwere = schwere
        self.meldearten = meldearten
        self.feld = feld
        self.feldpfad = feldpfad
        self.pruefung = pruefung
    }

    /// Runs the rule on an Anzeige (no findings if the rule does not apply to its form).
    public func pruefe(_ anzeige: Anzeige, _ kontext: Pruefkontext) -> [Befund] {
        guard meldearten.contains(anzeige.meldeart) else { return [] }
        return pruefung(anzeige, kontext).map { treffer in
            Befund(
                regel: id, schwere: schwere, feldpfad: treffer.pfad,
                feldnummer: (treffer.feld ?? feld).nummer(in: anzeige.meldeart), meldung: treffer.meldung,
                rechtsgrundlage: rechtsgrundlage)
        }
    }
}

/// What validation knows beyond the Anzeige itself: today, the office's municipalities, and the
/// Betrieb an Ummeldung or Abmeldung refers to.
public struct Pruefkontext: Sendable {
    /// Whether the Betrieb an Anzeige refers to was looked up, and what was found.
    public enum BetriebsLage: Sendable, Hashable {
        /// Not looked up (e.g. `gewerbe validate` on a file): lifecycle rules stay silent.
        case nichtGeprueft
        /// Looked up and not found (in the municipalities the clerk may see).
        case unbekannt
        case bekannt(BetriebZustand)
    }

    public var heute: Datum
    /// AGS of the municipalities the office is competent for; `nil` when not checked.
    public var zustaendigeGemeinden: Set<String>?
    public var betrieb: BetriebsLage
    /// Open Betriebe that look like the one an Anmeldung would open (same person and
    /// Betriebsstaette), found by the caller; used to warn about double Anmeldungen.
    public var aehnlicheBetriebe: [BetriebZustand]
    public var einstellungen: Pruefeinstellungen

    public init(
        heute: Datum, zustaendigeGemeinden: Set<String>? = nil, betrieb: BetriebsLage = .nichtGeprueft,
        aehnlicheBetriebe: [BetriebZustand] = [], einstellungen: Pruefeinstellungen = Pruefeinstellungen()
    ) {
        self.heute = heute
        self.zustaendigeGemeinden = zustaendigeGemeinden
        self.betrieb = betrieb
        self.aehnlicheBetriebe = aehnlicheBetriebe
        self.einstellungen = einstellungen
    }

    /// The Betrieb's state, if it was looked up and found.
    public var betriebZustand: BetriebZustand? {
        if case .bekannt(let zustand) = betrieb { return zustand }
        return nil
    }
}

/// Thresholds of the plausibility rules; the defaults follow common municipal practice.
public struct Pruefeinstellungen: Sendable, Hashable, Codable {
    /// A Beginn further ahead than this many days gets a hinweis (practice: at most 2 weeks).
    public var vorlaufHinweisTage: Int
    /// A Beginn or Aufgabe further ahead than this many days is a fehler.
    public var vorlaufFehlerTage: Int
    /// An Anzeige received more than this many days after the event gets a hinweis (late).
    public var verspaetungHinweisTage: Int
    /// More Beschaeftigte than this gets a hinweis (typing error?).
    public var beschaeftigteHinweisAb: Int
    /// Earliest plausible date of any event or birth.
    public var fruehestesDatum: Datum

    public init(
        vorlaufHinweisTage: Int = 14, vorlaufFehlerTage: Int = 92, verspaetungHinweisTage: Int = 7,
        beschaeftigteHinweisAb: Int = 5000, fruehestesDatum: Datum = Datum(jahr: 1900, monat: 1, tag: 1)!
    ) {
        self.vorlaufHinweisTage = vorlaufHinweisTage
        self.vorlaufFehlerTage = vorlaufFehlerTage
        self.verspaetungHinweisTage = verspaetungHinweisTage
        self.beschaeftigteHinweisAb = beschaeftigteHinweisAb
        self.fruehestesDatum = fruehestesDatum
    }
}

/// The result of validating an Anzeige: every finding, in catalogue order.
public struct Pruefergebnis: Sendable, Hashable, Codable {
    public var befunde: [Befund]
    public init(befunde: [Befund]) { self.befunde = befunde }

    public var fehler: [Befund] { befunde.filter { $0.schwere == .fehler } }
    public var hinweise: [Befund] { befunde.filter { $0.schwere == .hinweis } }
    /// Whether the Anzeige can be accepted (no `fehler`).
    public var istAnnehmbar: Bool { !befunde.contains { $0.schwere == .fehler } }
}

/// Validates Anzeigen against the rule catalogue.
public enum Pruefer {
    /// Runs every rule of the catalogue and returns all findings at once, never just the first.
    public static func pruefe(
        _ anzeige: Anzeige, kontext: Pruefkontext, regeln: [Regel] = Regelkatalog.alle
    )
        -> Pruefergebnis
    {
        Pruefergebnis(befunde: regeln.flatMap { $0.pruefe(anzeige, kontext) })
    }
}
