import Foundation

/// What an actor may see and do, resolved once per operation: the municipalities (all of the
/// instance for the system) and, for the intake role, the token whose cases alone it sees.
public struct Sicht: Sendable, Hashable {
    /// AGS of the visible municipalities, sorted.
    public var kommunen: [String]
    public var akteur: Akteur
    /// Intake: only cases created by this token ...
    public var nurToken: UUID?
    /// ... or, for an actor without a token id, by this label.
    public var nurVon: String?

    /// The scope of `akteur`; `alleKommunen` are the instance's municipalities (used for the system).
    public init(_ akteur: Akteur, alleKommunen: [String]) throws(FallFehler) {
        let kommunen =
            akteur.rolle == .system ? alleKommunen.sorted() : akteur.kommunen.filter(AGS.istAchtstellig).sorted()
        guard !kommunen.isEmpty else {
            throw .nichtBerechtigt("Das Token ist für keine Gemeinde zugelassen.")
        }
        self.init(kommunen: kommunen, akteur: akteur)
        if akteur.rolle == .intake {
            if let token = akteur.tokenId { nurToken = token } else { nurVon = akteur.bezeichnung }
        }
    }

    /// A scope as given (the system acting for one municipality in the Rueckmeldeverfahren).
    public init(kommunen: [String], akteur: Akteur) {
        self.kommunen = kommunen
        self.akteur = akteur
    }

    public var istIntake: Bool { akteur.rolle == .intake }

    public func sieht(_ ags: String) -> Bool { kommunen.contains(ags) }

    /// Whether a case created by `token` / `von` is visible (intake sees only its own).
    public func siehtFall(erstelltToken: UUID?, erstelltVon: String) -> Bool {
        if let nurToken { return erstelltToken == nurToken }
        if let nurVon { return erstelltToken == nil && erstelltVon == nurVon }
        return true
    }

    /// The municipalities of a list or search: those of `kommune` (if given and visible) or all.
    public func auswahl(_ kommune: String?) -> [String] {
        guard let kommune else { return kommunen }
        return kommunen.contains(kommune) ? [kommune] : []
    }

    /// Whose Idempotency-Keys these are: the token, else the actor's label.
    public var idempotenzKennung: String {
        akteur.tokenId.map { "token:\($0.lowercased)" } ?? "akteur:\(akteur.bezeichnung)"
    }

    /// A valid AGS in an Anzeige outside the actor's municipalities is not the actor's to submit.
    public func pruefeGemeinde(_ anzeige: Anzeige) throws(FallFehler) {
        if let ags = anzeige.gemeindeschluessel?.nichtLeer, AGS.istGueltig(ags), !sieht(ags) {
            throw .nichtBerechtigt("Das Token ist für die Gemeinde \(ags) nicht zugelassen.")
        }
    }
}

extension Akteur {
    /// Refuses writes of roles that only read (auditors, statistics).
    public func pruefeSchreibrecht() throws(FallFehler) {
        if rolle == .pruefung || rolle == .statistik {
            throw .nichtBerechtigt("Die Rolle \(rolle.rawValue) darf keine Fälle ändern.")
        }
    }
}

extension FallFehler {
    public static func fallNichtGefunden(_ id: UUID) -> FallFehler {
        .nichtGefunden("Fall \(id.lowercased) nicht gefunden.")
    }
}
