import Foundation

/// The audit events of reads of personal data: one per municipality concerned, naming the cases
/// or Betriebe read; a search that found nothing is on record too (a search for a person is a
/// processing of that person's data).
public enum Leseprotokoll {
    public static func fall(_ fall: Fall, _ akteur: Akteur) -> Auditereignis {
        Auditereignis(
            ags: fall.gemeindeschluessel, akteur: Auditakteur(akteur), aktion: "fall.lesen", objektTyp: "fall",
            objektId: fall.id.lowercased, details: ["aktenzeichen": .text(fall.aktenzeichen)])
    }

    public static func betrieb(_ akte: BetriebAkte, _ akteur: Akteur) -> Auditereignis {
        Auditereignis(
            ags: akte.gemeindeschluessel, akteur: Auditakteur(akteur), aktion: "betrieb.lesen", objektTyp: "betrieb",
            objektId: akte.betriebId.lowercased,
            details: ["faelle": .liste(akte.faelle.map { .text($0.aktenzeichen) })])
    }

    /// A register search: the criteria and the Betriebe of the page shown.
    public static func suche(
        _ suche: Registersuche, akteur: Akteur, seite: [Registerfund], leer: String
    ) -> [Auditereignis] {
        var kriterien: [String: String?] = [
            "name": suche.name, "person": suche.person, "anschrift": suche.anschrift, "wz": suche.wz,
            "status": suche.status?.rawValue, "kommune": suche.kommune,
        ]
        kriterien["beginn"] =
            [suche.beginnVon?.iso, suche.beginnBis?.iso].contains { $0 != nil }
            ? "\(suche.beginnVon?.iso ?? "")..\(suche.beginnBis?.iso ?? "")" : nil
        kriterien["ende"] =
            [suche.endeVon?.iso, suche.endeBis?.iso].contains { $0 != nil }
            ? "\(suche.endeVon?.iso ?? "")..\(suche.endeBis?.iso ?? "")" : nil
        return treffer(
            aktion: "register.suchen", objektTyp: "betrieb", akteur: akteur,
            treffer: seite.map { ($0.treffer.gemeindeschluessel, $0.treffer.betriebId.lowercased) },
            leer: leer, details: ["kriterien": Auditwert.objekt(kriterien)])
    }

    /// One event per municipality of `treffer` (AGS and object id), naming its objects; when
    /// nothing was found, one event in `leer` (if given).
    public static func treffer(
        aktion: String, objektTyp: String, akteur: Akteur, treffer: [(ags: String, objekt: String)], leer: String?,
        details: [String: Auditwert]
    ) -> [Auditereignis] {
        var nachGemeinde: [String: [String]] = [:]
        for (ags, objekt) in treffer { nachGemeinde[ags, default: []].append(objekt) }
        if nachGemeinde.isEmpty, let leer { nachGemeinde[leer] = [] }
        return nachGemeinde.keys.sorted().map { ags in
            let objekte = nachGemeinde[ags] ?? []
            var alle = details
            alle["objekte"] = .liste(objekte.map(Auditwert.text))
            return Auditereignis(
                ags: ags, akteur: Auditakteur(akteur), aktion: aktion, objektTyp: objektTyp,
                objektId: objekte.count == 1 ? objekte[0] : nil, details: alle)
        }
    }
}
