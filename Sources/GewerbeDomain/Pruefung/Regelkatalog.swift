import Foundation

/// The one catalogue of validation rules. `docs/domain-rules.md` lists every rule with its id,
/// legal source and test; a test fails when the document and this catalogue drift apart.
public enum Regelkatalog {
    /// Every rule, in the order findings are reported.
    public static let alle: [Regel] =
        RegelnPflicht.alle + RegelnFormat.alle + RegelnRechtsform.alle + RegelnPersonen.alle
        + RegelnErlaubnis.alle + RegelnDatum.alle + RegelnBetrieb.alle + RegelnLebenszyklus.alle

    /// The rule with an id, if any.
    public static func regel(_ id: String) -> Regel? { alle.first { $0.id == id } }
}
