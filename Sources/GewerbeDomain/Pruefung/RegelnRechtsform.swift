import Foundation

/// Rechtsform vs register entry and firm name (fields 1, 2).
enum RegelnRechtsform {
    static let alle: [Regel] = [
        Regel(
            "GEW-RF-001", "Registerpflichtige Rechtsform mit Registereintrag",
            rechtsgrundlage:
                "§§ 29, 106 HGB (HRA); § 7 GmbHG, § 36 AktG (HRB); § 10 GenG; § 4 PartGG; § 55 BGB; GewAnzV Anlagen 1-3 (Feld 2)",
            schwere: .fehler, feld: .register, feldpfad: "inhaber.register"
        ) { anzeige, _ in
            guard let rechtsform = anzeige.rechtsformEintrag, let register = rechtsform.register,
                !rechtsform.registerOptional, anzeige.inhaber?.inGruendung != true, anzeige.inhaber?.register == nil
            else { return [] }
            return [
                Treffer(
                    "inhaber.register",
                    "Eine \(rechtsform.bezeichnung) ist im \(register.bezeichnung) eingetragen: Registergericht und -nummer fehlen (vor der Eintragung: „in Gründung“ angeben)."
                )
            ]
        },
        Regel(
            "GEW-RF-002", "Registerart passt zur Rechtsform",
            rechtsgrundlage:
                "§ 3 HRV (Abteilung A: Einzelkaufleute, Personenhandelsgesellschaften; Abteilung B: Kapitalgesellschaften); GenRegV; PRV; VRV; GesRV",
            schwere: .fehler, feld: .register, feldpfad: "inhaber.register.art"
        ) { anzeige, _ in
            guard let rechtsform = anzeige.rechtsformEintrag, let erwartet = rechtsform.register,
                let art = anzeige.inhaber?.register?.art, art != erwartet
            else { return [] }
            return [
                Treffer(
                    "inhaber.register.art",
                    "Eine \(rechtsform.bezeichnung) wird im \(erwartet.bezeichnung) (\(erwartet.rawValue)) geführt, nicht im \(art.bezeichnung) (\(art.rawValue))."
                )
            ]
        },
        Regel(
            "GEW-RF-003", "Kein Registereintrag bei nicht eintragungsfähiger Rechtsform",
            rechtsgrundlage:
                "§ 1 Abs. 2, § 2 HGB (Kleingewerbe nicht eingetragen); § 707 BGB (GbR nur im Gesellschaftsregister)",
            schwere: .fehler, feld: .register, feldpfad: "inhaber.register"
        ) { anzeige, _ in
            guard let rechtsform = anzeige.rechtsformEintrag, let register = anzeige.inhaber?.register else {
                return []
            }
            if rechtsform.register == nil && rechtsform.code != "611" {
                return [
                    Treffer(
                        "inhaber.register",
                        "Eine \(rechtsform.bezeichnung) ist in keinem Register eingetragen; Feld 2 muss leer bleiben (sonst Rechtsform „e.K.“ bzw. eingetragene Form wählen)."
                    )
                ]
            }
            if rechtsform.code == "611", let art = register.art, art != .stiftungsverzeichnis {
                return [
                    Treffer(
                        "inhaber.register.art",
                        "Eine rechtsfähige Stiftung steht im Stiftungsverzeichnis, nicht im \(art.bezeichnung).")
                ]
            }
            return []
        },
        Regel(
            "GEW-RF-004", "Firmenname enthält den Rechtsformzusatz",
            rechtsgrundlage: "§ 19 Abs. 1 HGB; § 4 GmbHG; § 5a Abs. 1 GmbHG; § 4 AktG; § 3 GenG; § 2 PartGG; § 65 BGB",
            schwere: .hinweis, feld: .name, feldpfad: "inhaber.name"
        ) { anzeige, _ in
            guard let rechtsform = anzeige.rechtsformEintrag, rechtsform.register != nil, !rechtsform.registerOptional,
                !rechtsform.namenszusaetze.isEmpty, let name = anzeige.inhaber?.name?.nichtLeer,
                !Firmenname.enthaeltZusatz(name, rechtsform.namenszusaetze)
            else { return [] }
            return [
                Treffer(
                    "inhaber.name",
                    "Der Name „\(name)“ enthält keinen Rechtsformzusatz der \(rechtsform.bezeichnung) (z. B. „\(rechtsform.namenszusaetze[0])“)."
                )
            ]
        },
        Regel(
            "GEW-RF-005", "Kein irreführender Rechtsformzusatz",
            rechtsgrundlage: "§ 18 Abs. 2 HGB (Irreführungsverbot); § 37 HGB; § 4 GmbHG",
            schwere: .fehler, feld: .name, feldpfad: "inhaber.name, geschaeftsbezeichnung"
        ) { anzeige, _ in
            guard let rechtsform = anzeige.rechtsformEintrag else { return [] }
            let fremde = RechtsformVerzeichnis.alle.filter {
                $0.code != rechtsform.code && $0.register != nil && !$0.registerOptional
            }
            var result: [Treffer] = []
            for (pfad, name) in [
                ("inhaber.name", anzeige.inhaber?.name), ("geschaeftsbezeichnung", anzeige.geschaeftsbezeichnung),
            ] {
                guard let name = name?.nichtLeer else { continue }
                if Firmenname.enthaeltZusatz(name, rechtsform.namenszusaetze) { continue }
                if let falsch = fremde.first(where: { Firmenname.enthaeltZusatz(name, $0.namenszusaetze) }) {
                    result.append(
                        Treffer(
                            pfad,
                            "„\(name)“ trägt den Zusatz einer \(falsch.bezeichnung), angegeben ist aber „\(rechtsform.bezeichnung)“.",
                            feld: pfad == "inhaber.name" ? .name : .geschaeftsbezeichnung))
                }
            }
            return result
        },
        Regel(
            "GEW-RF-006", "Gesellschaft in Gründung: Registereintrag nachreichen",
            rechtsgrundlage: "§ 11 Abs. 1 GmbHG; § 41 Abs. 1 AktG (Vorgesellschaft); GewAnzV Anlagen 1-3 (Feld 2)",
            schwere: .hinweis, feld: .register, feldpfad: "inhaber.inGruendung"
        ) { anzeige, _ in
            guard anzeige.inhaber?.inGruendung == true else { return [] }
            if let rechtsform = anzeige.rechtsformEintrag, rechtsform.register == nil || rechtsform.registerOptional {
                return [
                    Treffer(
                        "inhaber.inGruendung",
                        "„In Gründung“ gibt es nur bei eintragungspflichtigen Rechtsformen; bei \(rechtsform.bezeichnung) entfällt die Angabe."
                    )
                ]
            }
            return [
                Treffer(
                    "inhaber.inGruendung",
                    "Gesellschaft in Gründung: notariellen Gesellschaftsvertrag vorlegen lassen und die Registernummer nach Eintragung per Ummeldung/Berichtigung nachtragen."
                )
            ]
        },
        Regel(
            "GEW-RF-007", "GbR: weitere Gesellschafter angegeben",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 1: „bei GbR: Angabe der weiteren Gesellschafter“); § 705 BGB",
            schwere: .fehler, feld: .name, feldpfad: "inhaber.weitereGesellschafter"
        ) { anzeige, _ in
            guard anzeige.inhaber?.rechtsform == "270" else { return [] }
            let weitere = (anzeige.inhaber?.weitereGesellschafter ?? []).compactMap(\.nichtLeer)
            return weitere.isEmpty
                ? [
                    Treffer(
                        "inhaber.weitereGesellschafter",
                        "Bei einer GbR sind in Feld 1 die weiteren Gesellschafter anzugeben (eine GbR hat mindestens zwei Gesellschafter)."
                    )
                ]
                : []
        },
        Regel(
            "GEW-RF-008", "Funktion der Person passt zur Rechtsform",
            rechtsgrundlage:
                "GewAnzV Anlagen 1-3 (Kopfhinweis: bei juristischen Personen Angaben des gesetzlichen Vertreters; bei Personengesellschaften je geschäftsführendem Gesellschafter); §§ 161, 170 HGB (GmbH & Co. KG)",
            schwere: .fehler, feld: .familienname, feldpfad: "personen[].funktion"
        ) { anzeige, _ in
            guard let gruppe = anzeige.rechtsformgruppe, gruppe != .sonstige else { return [] }
            let erwartet: PersonFunktion =
                switch gruppe {
                case .einzelunternehmen: .inhaber
                case .personengesellschaft: .geschaeftsfuehrenderGesellschafter
                case .juristischePerson, .sonstige: .gesetzlicherVertreter
                }
            // GmbH & Co. KG: the managing partner is the Komplementaer-GmbH, which files through
            // its Geschaeftsfuehrer (§§ 161, 170 HGB; § 35 GmbHG), so both functions fit.
            let auch: PersonFunktion? = anzeige.inhaber?.rechtsform == "230" ? .gesetzlicherVertreter : nil
            var result: [Treffer] = anzeige.personenMitIndex.compactMap { index, person in
                guard let funktion = person.funktion, funktion != erwartet, funktion != auch else { return nil }
                return Treffer(
                    "personen[\(index)].funktion",
                    "Bei dieser Rechtsform ist die Person „\(erwartet.bezeichnung)“, nicht „\(funktion.bezeichnung)“.")
            }
            if gruppe == .einzelunternehmen, (anzeige.personen ?? []).count > 1 {
                result.append(
                    Treffer(
                        "personen",
                        "Ein Einzelunternehmen hat genau eine Inhaberin oder einen Inhaber; mehrere Personen deuten auf eine Gesellschaft hin."
                    ))
            }
            return result
        },
    ]
}

enum Firmenname {
    /// Whether `name` contains one of the suffixes as a separate word group (case-sensitive for
    /// short abbreviations like "AG" or "KG", so that "Tag" does not count as "AG").
    static func enthaeltZusatz(_ name: String, _ zusaetze: [String]) -> Bool {
        zusaetze.contains { enthaeltZusatzBytes(name, $0) }
    }
}
