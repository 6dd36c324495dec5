import Foundation

/// What the Land and the municipality decide about transmissions (docs/uebermittlung.md,
/// "Konfiguration"); read from the recipient directory (``Empfaengerverzeichnis``).
public struct Uebermittlungseinstellungen: Sendable, Hashable, Codable {
    /// When the Zoll gets an Anmeldung.
    public enum Zollpraxis: String, Sendable, Hashable, Codable, CaseIterable {
        /// Only when the office found indications of a violation (section 3 Abs. 3 GewAnzV): the law.
        case beiAnhaltspunkten
        /// Every Anmeldung, with the Verdachtsmoment indicator set or not (a Land whose
        /// administrative agreement under section 3 Abs. 3 Satz 2 GewAnzV says so).
        case jedeAnmeldung
    }

    /// Whether the Land runs a Verteilplattform: one `alg` message goes there instead of one
    /// message per recipient.
    public var verteilplattform: Bool
    /// Bodies that waived the regular transmission (section 3 Abs. 1 Satz 2 GewAnzV).
    public var verzicht: Set<Empfaengerart>
    public var zoll: Zollpraxis

    public init(
        verteilplattform: Bool = false, verzicht: Set<Empfaengerart> = [], zoll: Zollpraxis = .beiAnhaltspunkten
    ) {
        self.verteilplattform = verteilplattform
        self.verzicht = verzicht
        self.zoll = zoll
    }
}

/// What the decision of the messages needs: the accepted Anzeige, the Betrieb before it, and what
/// the office recorded.
public struct Uebermittlungslage: Sendable {
    public var anzeige: Anzeige
    /// The Betrieb's state before the Anzeige (`nil` for an Anmeldung).
    public var vorher: BetriebZustand?
    public var einstellungen: Uebermittlungseinstellungen
    /// Whether the former municipality of a "Verlegung aus anderem Meldebezirk" is a tenant of
    /// this instance (then the Rueckmeldung is done here, ``Rueckmeldung``).
    public var herkunftInInstanz: Bool
    /// The indications of a violation of the SchwarzArbG, SGB III or AUeG the office found
    /// (section 3 Abs. 3 GewAnzV), `nil` when none.
    public var anhaltspunkteZoll: String?

    public init(
        anzeige: Anzeige, vorher: BetriebZustand? = nil, einstellungen: Uebermittlungseinstellungen = .init(),
        herkunftInInstanz: Bool = false, anhaltspunkteZoll: String? = nil
    ) {
        self.anzeige = anzeige
        self.vorher = vorher
        self.einstellungen = einstellungen
        self.herkunftInInstanz = herkunftInInstanz
        self.anhaltspunkteZoll = anhaltspunkteZoll
    }

    /// The Anzeige and, for an Um- or Abmeldung, the Betrieb's declared data before it: a
    /// recipient concerned by either is concerned by the change.
    var angaben: [Anzeige] { [anzeige] + (vorher.map { [$0.angaben] } ?? []) }
}

/// A rule that chooses one recipient: a stable id, its legal source, the forms it applies to, and
/// the decision (a pure function giving the reason, or `nil` when the recipient is not concerned).
public struct Uebermittlungsregel: Sendable, Identifiable {
    public let id: String
    /// Short German title for `docs/uebermittlung.md`.
    public let titel: String
    public let rechtsgrundlage: String
    public let empfaenger: Empfaengerart
    public let meldearten: Set<Meldeart>
    let entscheidung: @Sendable (Uebermittlungslage) -> String?

    public init(
        _ id: String, _ titel: String, rechtsgrundlage: String, empfaenger: Empfaengerart,
        meldearten: Set<Meldeart> = Set(Meldeart.allCases),
        entscheidung: @escaping @Sendable (Uebermittlungslage) -> String?
    ) {
        self.id = id
        self.titel = titel
        self.rechtsgrundlage = rechtsgrundlage
        self.empfaenger = empfaenger
        self.meldearten = meldearten
        self.entscheidung = entscheidung
    }

    /// The reason the rule sends the Anzeige to its recipient, `nil` if it does not.
    public func grund(_ lage: Uebermittlungslage) -> String? {
        guard meldearten.contains(lage.anzeige.meldeart) else { return nil }
        return entscheidung(lage)
    }
}

/// One message an accepted Anzeige causes.
public struct GeplanteNachricht: Sendable, Hashable, Codable {
    public var empfaenger: Empfaengerart
    /// The root element, e.g. `hwk.gewerbemeldung.0210`.
    public var nachrichtentyp: String
    public var nachrichtenart: Nachrichtenart
    /// The rules that chose the recipient (for a Verteilplattform: every rule it stands in for).
    public var regeln: [String]
    public var gruende: [String]
    /// The Gewerbeamt addressed by a Rueckmeldung (its AGS), `nil` otherwise.
    public var gemeindeschluessel: String?
    /// The Zoll's Verdachtsmoment indicator (XGewO `verdachtsmoment`), `nil` for other recipients.
    public var verdachtsmoment: Bool?

    public init(
        empfaenger: Empfaengerart, nachrichtenart: Nachrichtenart, regeln: [String], gruende: [String],
        gemeindeschluessel: String? = nil, verdachtsmoment: Bool? = nil
    ) {
        self.empfaenger = empfaenger
        self.nachrichtentyp = empfaenger.nachrichtentyp
        self.nachrichtenart = nachrichtenart
        self.regeln = regeln
        self.gruende = gruende
        self.gemeindeschluessel = gemeindeschluessel
        self.verdachtsmoment = verdachtsmoment
    }
}

/// Every message an Anzeige causes, and the recipients left out because they waived.
public struct Uebermittlungsplan: Sendable, Hashable, Codable {
    public var nachrichten: [GeplanteNachricht]
    /// Recipients a rule chose that waived the regular transmission.
    public var verzichtet: [Empfaengerart]

    public init(nachrichten: [GeplanteNachricht], verzichtet: [Empfaengerart] = []) {
        self.nachrichten = nachrichten
        self.verzichtet = verzichtet
    }

    public var empfaenger: [Empfaengerart] { nachrichten.map(\.empfaenger) }
}

/// Decides who receives an accepted Anzeige (section 14 Abs. 8 and 13 GewO, section 3 GewAnzV).
public enum Uebermittlung {
    /// The messages an accepted Anzeige causes, in catalogue order: one per recipient a rule
    /// chooses, without those that waived; with a Verteilplattform, one `alg` message standing in
    /// for all of them, and the Rueckmeldung (which goes to the other Gewerbeamt) besides.
    public static func plan(
        _ lage: Uebermittlungslage, regeln: [Uebermittlungsregel] = Uebermittlungsregeln.alle
    ) -> Uebermittlungsplan {
        let art = Nachrichtenart(lage.anzeige.meldeart)
        var nachrichten: [GeplanteNachricht] = []
        var verzichtet: [Empfaengerart] = []
        for regel in regeln {
            guard let grund = regel.grund(lage) else { continue }
            if lage.einstellungen.verzicht.contains(regel.empfaenger) {
                if !verzichtet.contains(regel.empfaenger) { verzichtet.append(regel.empfaenger) }
                continue
            }
            if let index = nachrichten.firstIndex(where: { $0.empfaenger == regel.empfaenger }) {
                nachrichten[index].regeln.append(regel.id)
                nachrichten[index].gruende.append(grund)
                continue
            }
            nachrichten.append(
                GeplanteNachricht(
                    empfaenger: regel.empfaenger, nachrichtenart: art, regeln: [regel.id], gruende: [grund],
                    gemeindeschluessel: regel.empfaenger == .gewerbeamt ? Einreichung.herkunftAGS(lage.anzeige) : nil,
                    verdachtsmoment: regel.empfaenger == .zoll ? lage.anhaltspunkteZoll?.nichtLeer != nil : nil))
        }
        guard lage.einstellungen.verteilplattform else {
            return Uebermittlungsplan(nachrichten: nachrichten, verzichtet: verzichtet)
        }
        let vertreten = nachrichten.filter { $0.empfaenger.vertretbarDurchVerteilplattform }
        let direkt = nachrichten.filter { !$0.empfaenger.vertretbarDurchVerteilplattform }
        guard !vertreten.isEmpty else { return Uebermittlungsplan(nachrichten: direkt, verzichtet: verzichtet) }
        let namen = vertreten.map(\.empfaenger.bezeichnung).joined(separator: ", ")
        let plattform = GeplanteNachricht(
            empfaenger: .verteilplattform, nachrichtenart: art,
            regeln: [Uebermittlungsregeln.verteilplattformID] + vertreten.flatMap(\.regeln),
            gruende: ["Das Land betreibt eine Verteilplattform; sie verteilt an: \(namen)."],
            verdachtsmoment: vertreten.first { $0.empfaenger == .zoll }?.verdachtsmoment)
        return Uebermittlungsplan(nachrichten: [plattform] + direkt, verzichtet: verzichtet)
    }

    /// The messages a Berichtigung after transmission causes: a Datenaktualisierung to every
    /// recipient of the messages already sent for the case (the recipients of the first
    /// transmission keep their data correct; a recipient newly concerned gets it with the next
    /// Anzeige). A Rueckmeldung is not repeated: it concerns the other office's Betrieb.
    public static func datenaktualisierung(nach gesendet: [GeplanteNachricht]) -> [GeplanteNachricht] {
        gesendet.filter { $0.empfaenger != .gewerbeamt }.map { nachricht in
            var neu = nachricht
            neu.nachrichtenart = .datenaktualisierung
            neu.regeln = [Uebermittlungsregeln.datenaktualisierungID]
            neu.gruende = ["Berichtigung nach der Übermittlung: Empfänger der ersten Nachricht."]
            return neu
        }
    }
}
