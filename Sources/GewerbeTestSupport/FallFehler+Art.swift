import GewerbeDomain

extension FallFehler {
    /// The case name, as the test tables spell an expected error.
    public var art: String {
        switch self {
        case .nichtGefunden: "nichtGefunden"
        case .nichtBerechtigt: "nichtBerechtigt"
        case .veraltet: "veraltet"
        case .vorbedingungFehlt: "vorbedingungFehlt"
        case .idempotenzKonflikt: "idempotenzKonflikt"
        case .konflikt: "konflikt"
        case .unzulaessig: "unzulaessig"
        }
    }
}
