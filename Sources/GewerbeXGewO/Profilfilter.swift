import GewerbeDomain

/// What a message may and must carry for its recipient, from the data profiles of the Schematron
/// list (``Nachrichtenprofile``): the writer builds the complete record, this cuts it.
public enum Profilfilter {
    /// The tree without every element the recipient's profile forbids where it stands.
    public static func anwenden(_ knoten: XMLKnoten, nachrichtentyp: String) -> XMLKnoten {
        let regeln = Nachrichtenprofile.regeln(fuer: nachrichtentyp).filter { $0.art == .verboten }
        return anwenden(knoten, regeln)
    }

    private static func anwenden(_ knoten: XMLKnoten, _ regeln: [Profilregel]) -> XMLKnoten {
        var ergebnis = knoten
        let verboten = Set(regeln.filter { gilt($0, fuer: knoten) }.map(\.lokalerName))
        ergebnis.kinder = knoten.kinder.filter { !verboten.contains($0.lokalerName) }.map { anwenden($0, regeln) }
        return ergebnis
    }

    static func gilt(_ regel: Profilregel, fuer knoten: XMLKnoten) -> Bool {
        knoten.kontexte.contains(regel.kontext) && (!knoten.vorher || regel.auchVorher)
    }

    /// Every rule of the profile a message breaks: a forbidden element present, or a required one
    /// missing (the data for it was not given). Empty for a message fit to send.
    public static func verstoesse(_ wurzel: XMLKnoten, nachrichtentyp: String) -> [Profilregel] {
        let regeln = Nachrichtenprofile.regeln(fuer: nachrichtentyp)
        var ergebnis: [Profilregel] = []
        for knoten in wurzel.alle where !knoten.kontexte.isEmpty {
            let namen = Set(knoten.kinder.map(\.lokalerName))
            for regel in regeln where gilt(regel, fuer: knoten) {
                let vorhanden = namen.contains(regel.lokalerName)
                if (regel.art == .verboten) == vorhanden, !ergebnis.contains(regel) { ergebnis.append(regel) }
            }
        }
        return ergebnis
    }
}
