import Foundation

/// Activities that concern the Lebensmittelueberwachung: section 14 Abs. 8 Satz 1 Nr. 10 GewO
/// names its tasks under food, consumer-goods, feed, tobacco, animal-health and animal-welfare
/// law. The WZ groups are those whose title says so (WZ 2008 and WZ 2025, `data/wz*.csv`); the
/// keywords catch what a WZ code does not show. A plausibility aid of this project, like the
/// Handwerk and permit lists (docs/uebermittlung.md).
extension Fachlisten {
    /// WZ prefixes (dotted) that concern food, beverages, tobacco, feed or animals.
    public static let lebensmittelWZ: [WZKlassifikation: [String]] = [
        // 10 food and feed, 11 beverages, 12 tobacco, 46.17/46.3 their wholesale, 47.11/47.2
        // their retail, 47.81 at market stalls (WZ 2008 only), 47.76.2 pets, 56 gastronomy.
        .wz2008: ["10", "11", "12", "46.17", "46.3", "47.11", "47.2", "47.81", "47.76.2", "56"],
        .wz2025: ["10", "11", "12", "46.17", "46.3", "47.11", "47.2", "47.76.2", "56"],
    ]

    public static let lebensmittelStichwoerter: [String] = [
        "lebensmittel", "nahrungsmittel", "imbiss", "gaststätte", "gaststaette", "restaurant", "gastronomie",
        "café", "bäckerei", "baeckerei", "backwaren", "metzgerei", "fleischerei", "konditorei", "catering",
        "partyservice", "getränke", "getraenke", "kiosk", "eiscafé", "eisdiele", "speiseeis", "pizzeria",
        "feinkost", "obst und gemüse", "obst- und gemüse", "tabakwaren", "futtermittel", "tierhandel",
        "zoohandlung", "zoofachhandel", "hofladen", "foodtruck", "food truck", "kantine", "lieferdienst für speisen",
    ]

    private static let lebensmittelStichwoerterGefaltet = Stichwoerter.falte(lebensmittelStichwoerter)

    /// Whether an activity concerns the Lebensmittelueberwachung (by WZ code or keyword).
    public static func istLebensmittelbezogen(_ taetigkeit: Taetigkeit) -> Bool {
        if let wz = taetigkeit.wz, let code = wz.gepunktet,
            (lebensmittelWZ[wz.version] ?? []).contains(where: { code == $0 || code.hasPrefix($0 + ".") })
        {
            return true
        }
        return Suchtext(taetigkeit.beschreibung ?? "").enthaeltEines(lebensmittelStichwoerterGefaltet)
    }
}
