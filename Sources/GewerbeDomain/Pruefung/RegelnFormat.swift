import Foundation

/// Formats and code lists: AGS, PLZ, nationality codes, WZ codes, register numbers, texts.
enum RegelnFormat {
    /// Longest text accepted in a name or address field, and in an activity description.
    static let maxNamenslaenge = 200
    static let maxTextlaenge = 2000

    static let alle: [Regel] = [
        Regel(
            "GEW-FMT-001", "Gemeindekennzahl ist ein achtstelliger Amtlicher Gemeindeschlüssel",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Kopf: Gemeindekennzahl); Destatis Gemeindeverzeichnis",
            schwere: .fehler, feld: .kopf, feldpfad: "gemeindeschluessel, herkunft.gemeindeschluessel"
        ) { anzeige, _ in
            [
                ("gemeindeschluessel", anzeige.gemeindeschluessel),
                ("herkunft.gemeindeschluessel", anzeige.herkunft?.gemeindeschluessel),
            ]
            .compactMap { pfad, wert in
                guard let wert, !AGS.istGueltig(wert) else { return nil }
                return Treffer(pfad, "„\(wert)“ ist kein Amtlicher Gemeindeschlüssel (8 Ziffern, Land 01 bis 16).")
            }
        },
        Regel(
            "GEW-FMT-002", "Postleitzahl inländischer Anschriften fünfstellig",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Felder 11, 15-17)", schwere: .fehler, feld: .betriebsstaette,
            feldpfad: "*.anschrift.plz"
        ) { anzeige, _ in
            anzeige.alleAnschriften.compactMap { pfad, anschrift, feld in
                guard anschrift.istInland, let plz = anschrift.plz?.nichtLeer else { return nil }
                return plz.count == 5 && nurZiffern(plz) && plz != "00000"
                    ? nil
                    : Treffer(
                        "\(pfad).plz", "„\(plz)“ ist keine gültige deutsche Postleitzahl (5 Ziffern).", feld: feld)
            }
        },
        Regel(
            "GEW-FMT-003", "Staatsangehörigkeit nach Destatis-Schlüssel",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 10); Destatis Schlüssel Staatsangehörigkeit",
            schwere: .fehler, feld: .staatsangehoerigkeit, feldpfad: "personen[].staatsangehoerigkeiten[]"
        ) { anzeige, _ in
            anzeige.personenMitIndex.flatMap { index, person in
                (person.staatsangehoerigkeiten ?? []).enumerated().compactMap { position, code in
                    StaatsangehoerigkeitVerzeichnis.eintrag(code) == nil
                        ? Treffer(
                            "personen[\(index)].staatsangehoerigkeiten[\(position)]",
                            "„\(code)“ ist kein Schlüssel der Staatsangehörigkeitsliste (3 Ziffern, z. B. 000 für deutsch)."
                        )
                        : nil
                }
            }
        },
        Regel(
            "GEW-FMT-004", "WZ-Schlüssel ist eine Unterklasse der angegebenen Klassifikation",
            rechtsgrundlage: "§ 14 Abs. 13 GewO; Klassifikation der Wirtschaftszweige (WZ 2008 / WZ 2025)",
            schwere: .fehler, feld: .taetigkeit, feldpfad: "taetigkeiten[].wz.code"
        ) { anzeige, _ in
            anzeige.taetigkeitenMitIndex.compactMap { index, taetigkeit in
                guard let wz = taetigkeit.wz, let code = wz.code?.nichtLeer else { return nil }
                return WZVerzeichnis.unterklasse(code, version: wz.version) == nil
                    ? Treffer(
                        "taetigkeiten[\(index)].wz.code",
                        "„\(code)“ ist keine Unterklasse der \(wz.version == .wz2008 ? "WZ 2008" : "WZ 2025") (fünfstellig, z. B. 96.02.1)."
                    )
                    : nil
            }
        },
        Regel(
            "GEW-FMT-005", "WZ-Schlüssel der Haupttätigkeit vergeben",
            rechtsgrundlage: "§ 14 Abs. 13 GewO; § 3 Abs. 2 GewAnzV (Statistik verlangt die Tätigkeit nach WZ)",
            schwere: .hinweis, feld: .taetigkeit, feldpfad: "taetigkeiten[].wz"
        ) { anzeige, _ in
            guard
                let index = anzeige.taetigkeiten?.firstIndex(where: { $0.schwerpunkt == true })
                    ?? (anzeige.taetigkeiten?.isEmpty == false ? 0 : nil),
                anzeige.taetigkeiten?[index].wz?.code.istLeer ?? true
            else { return [] }
            return [
                Treffer(
                    "taetigkeiten[\(index)].wz",
                    "Der Haupttätigkeit ist noch kein WZ-Schlüssel zugeordnet; vor der Statistikmeldung ergänzen.")
            ]
        },
        Regel(
            "GEW-FMT-006", "Registereintrag mit Gericht und Nummer",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 2: Ort und Nummer des Registereintrags); § 8 HGB",
            schwere: .fehler, feld: .register, feldpfad: "inhaber.register"
        ) { anzeige, _ in
            guard let register = anzeige.inhaber?.register else { return [] }
            var result: [Treffer] = []
            if register.art == nil {
                result.append(Treffer("inhaber.register.art", "Die Registerart fehlt (HRA, HRB, GnR, PR, VR, GsR)."))
            }
            if register.gericht.istLeer {
                result.append(
                    Treffer("inhaber.register.gericht", "Das Registergericht (Ort des Registereintrags) fehlt."))
            }
            if let nummer = register.nummer?.nichtLeer {
                if !Registernummer.istGueltig(nummer, art: register.art) {
                    result.append(
                        Treffer(
                            "inhaber.register.nummer",
                            "„\(nummer)“ ist keine gültige Registernummer (Ziffern, ggf. mit Zusatz, z. B. 1234 oder HRB 1234 B)."
                        ))
                }
            } else {
                result.append(Treffer("inhaber.register.nummer", "Die Registernummer fehlt."))
            }
            return result
        },
        Regel(
            "GEW-FMT-007", "Rechtsform-Schlüssel bekannt",
            rechtsgrundlage: "FIM-Codeliste Rechtsformen (gängig), Version 2021-06-18",
            schwere: .hinweis, feld: .name, feldpfad: "inhaber.rechtsform"
        ) { anzeige, _ in
            guard let code = anzeige.inhaber?.rechtsform?.nichtLeer, RechtsformVerzeichnis.eintrag(code) == nil else {
                return []
            }
            return [
                Treffer(
                    "inhaber.rechtsform",
                    "Der Rechtsform-Schlüssel „\(code)“ steht nicht in der Liste der gängigen Rechtsformen; bitte prüfen."
                )
            ]
        },
        Regel(
            "GEW-FMT-008", "E-Mail-Adresse plausibel", rechtsgrundlage: "GewAnzV Anlagen 1-3 (Felder 11, 15)",
            schwere: .fehler, feld: .betriebsstaette, feldpfad: "*.kontakt.email"
        ) { anzeige, _ in
            anzeige.alleKontakte.compactMap { pfad, kontakt, feld in
                guard let email = kontakt.email?.nichtLeer, !Email.istPlausibel(email) else { return nil }
                return Treffer("\(pfad).email", "„\(email)“ ist keine gültige E-Mail-Adresse.", feld: feld)
            }
        },
        Regel(
            "GEW-FMT-009", "Staat einer Anschrift als ISO-3166-Code",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Felder 11, 15-17)",
            schwere: .fehler, feld: .betriebsstaette, feldpfad: "*.anschrift.staat"
        ) { anzeige, _ in
            anzeige.alleAnschriften.compactMap { pfad, anschrift, feld in
                guard let staat = anschrift.staat?.nichtLeer else { return nil }
                return staat.count == 2 && staat.allSatisfy({ $0.isASCII && $0.isLetter })
                    ? nil
                    : Treffer(
                        "\(pfad).staat", "„\(staat)“ ist kein zweistelliger Ländercode (ISO 3166, z. B. DE).",
                        feld: feld)
            }
        },
        Regel(
            "GEW-FMT-010", "Textlängen begrenzt",
            rechtsgrundlage: "XGewerbeordnung (Feldlängen); Schutz vor Fehleingaben",
            schwere: .fehler, feld: .name, feldpfad: "alle Textfelder"
        ) { anzeige, _ in
            Textfelder.alle(anzeige).compactMap { pfad, text, feld, grenze in
                text.count > grenze
                    ? Treffer(pfad, "Der Text ist zu lang (\(text.count) Zeichen, höchstens \(grenze)).", feld: feld)
                    : nil
            }
        },
        Regel(
            "GEW-FMT-011", "Tätigkeit genau beschrieben, nicht pauschal",
            rechtsgrundlage:
                "GewAnzV Anlagen 1-3 (Feld 18: „Bitte genau angeben“); § 14 Abs. 13 GewO (Zuordnung zur WZ)",
            schwere: .fehler, feld: .taetigkeit, feldpfad: "taetigkeiten[].beschreibung"
        ) { anzeige, _ in
            anzeige.taetigkeitenMitIndex.compactMap { index, taetigkeit in
                guard let text = taetigkeit.beschreibung?.nichtLeer else { return nil }
                let norm = text.lowercased().trimmingCharacters(
                    in: CharacterSet.punctuationCharacters.union(.whitespaces))
                return Fachlisten.unbestimmteTaetigkeiten.contains(norm)
                    ? Treffer(
                        "taetigkeiten[\(index)].beschreibung",
                        "„\(text)“ ist zu allgemein; die Tätigkeit ist genau zu beschreiben (z. B. „Einzelhandel mit Bekleidung über das Internet“)."
                    )
                    : nil
            }
        },
        Regel(
            "GEW-FMT-012", "Genau eine Haupttätigkeit (Schwerpunkt) gekennzeichnet",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 18: Schwerpunkt unterstreichen)", schwere: .fehler,
            feld: .taetigkeit, feldpfad: "taetigkeiten[].schwerpunkt"
        ) { anzeige, _ in
            let taetigkeiten = anzeige.taetigkeiten ?? []
            guard taetigkeiten.count > 1 else { return [] }
            let markiert = taetigkeiten.filter { $0.schwerpunkt == true }.count
            if markiert == 0 {
                return [
                    Treffer(
                        "taetigkeiten", "Bei mehreren Tätigkeiten ist die Haupttätigkeit (Schwerpunkt) zu kennzeichnen."
                    )
                ]
            }
            if markiert > 1 {
                return [
                    Treffer(
                        "taetigkeiten",
                        "Es sind \(markiert) Tätigkeiten als Schwerpunkt gekennzeichnet; zulässig ist eine.")
                ]
            }
            return []
        },
        Regel(
            "GEW-FMT-013", "Staatsangehörigkeiten ohne Dopplung und Widerspruch",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 10)", schwere: .fehler, feld: .staatsangehoerigkeit,
            feldpfad: "personen[].staatsangehoerigkeiten"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                let codes = person.staatsangehoerigkeiten ?? []
                if Set(codes).count != codes.count {
                    return Treffer(
                        "personen[\(index)].staatsangehoerigkeiten", "Eine Staatsangehörigkeit ist mehrfach angegeben.")
                }
                if codes.count > 1, codes.contains(where: StaatsangehoerigkeitVerzeichnis.ohneStaat.contains) {
                    return Treffer(
                        "personen[\(index)].staatsangehoerigkeiten",
                        "„staatenlos“ oder „ohne Angabe“ schließt weitere Staatsangehörigkeiten aus.")
                }
                return nil
            }
        },
    ]
}

/// The Amtlicher Gemeindeschluessel: 8 digits, Land (2) + Regierungsbezirk (1) + Kreis (2) +
/// Gemeinde (3).
public enum AGS {
    /// The AGS of the global audit chain (events that belong to no municipality, e.g. token
    /// administration). No real municipality has it (Land codes start at 01).
    public static let global = "00000000"

    /// Whether `text` is exactly 8 ASCII digits (the form a store keys by, the global chain included).
    public static func istAchtstellig(_ text: String) -> Bool {
        text.utf8.count == 8 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether `text` is the AGS of a municipality: 8 digits, Land 01-16.
    public static func istGueltig(_ text: String) -> Bool {
        guard text.count == 8, nurZiffern(text), let land = Int(text.prefix(2)) else { return false }
        return (1...16).contains(land)
    }
}

/// Register numbers as courts assign them: digits, optionally a letter suffix (`1234 B`), with an
/// optional leading register abbreviation matching the register type.
enum Registernummer {
    static func istGueltig(_ text: String, art: Registerart?) -> Bool {
        var rest = text.trimmingCharacters(in: .whitespaces)
        let praefixe = ["HRA", "HRB", "GnR", "GenR", "PR", "VR", "GsR"]
        for praefix in praefixe where rest.uppercased().hasPrefix(praefix.uppercased()) {
            if let art, praefix.uppercased() != art.rawValue.uppercased(), !(praefix == "GenR" && art == .gnr) {
                return false
            }
            rest = String(rest.dropFirst(praefix.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        let teile = rest.split(separator: " ", omittingEmptySubsequences: true)
        guard let zahl = teile.first, (1...7).contains(zahl.count), nurZiffern(String(zahl)) else { return false }
        guard teile.count <= 2 else { return false }
        if teile.count == 2 {
            let zusatz = teile[1]
            return (1...3).contains(zusatz.count) && zusatz.allSatisfy { $0.isASCII && $0.isLetter }
        }
        return true
    }
}

enum Email {
    static func istPlausibel(_ text: String) -> Bool {
        let teile = text.split(separator: "@", omittingEmptySubsequences: false)
        guard teile.count == 2, !teile[0].isEmpty, teile[1].contains("."), !teile[1].hasPrefix("."),
            !teile[1].hasSuffix("."), !text.contains(" ")
        else { return false }
        return true
    }
}

/// The text fields of an Anzeige with their limits, for the length rule.
enum Textfelder {
    static func alle(_ anzeige: Anzeige) -> [(String, String, Formularfeld, Int)] {
        let kurz = RegelnFormat.maxNamenslaenge
        let lang = RegelnFormat.maxTextlaenge
        var result: [(String, String?, Formularfeld, Int)] = [
            ("entgegennehmendeStelle", anzeige.entgegennehmendeStelle, .kopf, kurz),
            ("inhaber.name", anzeige.inhaber?.name, .name, kurz),
            ("inhaber.register.gericht", anzeige.inhaber?.register?.gericht, .register, kurz),
            ("geschaeftsbezeichnung", anzeige.geschaeftsbezeichnung, .geschaeftsbezeichnung, kurz),
            ("betriebsleiter.familienname", anzeige.betriebsleiter?.familienname, .betriebsleiter, kurz),
            ("betriebsleiter.vornamen", anzeige.betriebsleiter?.vornamen, .betriebsleiter, kurz),
            ("sonstigeGruendeUmmeldung", anzeige.sonstigeGruendeUmmeldung, .gruendeUmmeldung, lang),
            ("fruehererInhaber", anzeige.fruehererInhaber, .fruehererInhaber, kurz),
            ("kuenftigerInhaber", anzeige.kuenftigerInhaber, .kuenftigerInhaber, kurz),
            ("gruendeBetriebsaufgabe", anzeige.gruendeBetriebsaufgabe, .gruendeBetriebsaufgabe, lang),
            ("erlaubnis.ausgestelltVon", anzeige.erlaubnis?.ausgestelltVon, .erlaubnis, kurz),
            ("erlaubnis.bezeichnung", anzeige.erlaubnis?.bezeichnung, .erlaubnis, kurz),
            ("handwerkskarte.ausgestelltVon", anzeige.handwerkskarte?.ausgestelltVon, .handwerkskarte, kurz),
        ]
        for (index, name) in (anzeige.inhaber?.weitereGesellschafter ?? []).enumerated() {
            result.append(("inhaber.weitereGesellschafter[\(index)]", name, .name, kurz))
        }
        for (index, person) in anzeige.personenMitIndex {
            let p = "personen[\(index)]"
            result += [
                ("\(p).familienname", person.familienname, .familienname, kurz),
                ("\(p).vornamen", person.vornamen, .vornamen, kurz),
                ("\(p).doktorgrad", person.doktorgrad, .familienname, kurz),
                ("\(p).geburtsname", person.geburtsname, .geburtsname, kurz),
                ("\(p).geburtsort", person.geburtsort, .geburtsort, kurz),
                ("\(p).geburtsland", person.geburtsland, .geburtsort, kurz),
                (
                    "\(p).aufenthaltstitel.ausgestelltVon", person.aufenthaltstitel?.ausgestelltVon, .aufenthaltstitel,
                    kurz
                ),
                ("\(p).aufenthaltstitel.auflageText", person.aufenthaltstitel?.auflageText, .auflage, lang),
            ]
        }
        for (index, taetigkeit) in anzeige.taetigkeitenMitIndex {
            result.append(("taetigkeiten[\(index)].beschreibung", taetigkeit.beschreibung, .taetigkeit, lang))
        }
        for (pfad, anschrift, feld) in anzeige.alleAnschriften {
            result += [
                ("\(pfad).strasse", anschrift.strasse, feld, kurz),
                ("\(pfad).hausnummer", anschrift.hausnummer, feld, 20),
                ("\(pfad).adresszusatz", anschrift.adresszusatz, feld, kurz), ("\(pfad).plz", anschrift.plz, feld, 20),
                ("\(pfad).ort", anschrift.ort, feld, kurz), ("\(pfad).ortsteil", anschrift.ortsteil, feld, kurz),
            ]
        }
        for (pfad, kontakt, feld) in anzeige.alleKontakte {
            result += [
                ("\(pfad).telefon", kontakt.telefon, feld, 40), ("\(pfad).mobil", kontakt.mobil, feld, 40),
                ("\(pfad).fax", kontakt.fax, feld, 40), ("\(pfad).email", kontakt.email, feld, 254),
                ("\(pfad).internet", kontakt.internet, feld, kurz),
            ]
        }
        return result.compactMap { pfad, text, feld, grenze in text.map { (pfad, $0, feld, grenze) } }
    }
}
