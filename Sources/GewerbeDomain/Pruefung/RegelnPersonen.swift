import Foundation

/// Persons: age and legal capacity, residence titles, number of representatives.
enum RegelnPersonen {
    /// Whether the person needs an Aufenthaltstitel for self-employment: no German, EU, EWR or
    /// Swiss nationality among the declared ones. A legal representative who lives abroad needs
    /// none: the AufenthG governs the stay in Germany (§ 4a Abs. 1, § 4 Abs. 1 AufenthG), and the
    /// Gewerbetreibende is the company, not the representative.
    static func brauchtAufenthaltstitel(_ person: Person) -> Bool {
        if person.funktion == .gesetzlicherVertreter, let anschrift = person.wohnanschrift, !anschrift.istInland {
            return false
        }
        let codes = person.staatsangehoerigkeiten ?? []
        guard !codes.isEmpty else { return false }
        let eintraege = codes.compactMap(StaatsangehoerigkeitVerzeichnis.eintrag)
        guard eintraege.count == codes.count else { return false }
        return !eintraege.contains { $0.istFreizuegig }
    }

    /// The reference date for age checks: the event date, else receipt, else today.
    static func stichtag(_ anzeige: Anzeige, _ kontext: Pruefkontext) -> Datum {
        anzeige.ereignisdatum ?? anzeige.eingangsdatum ?? kontext.heute
    }

    static let alle: [Regel] = [
        Regel(
            "GEW-PER-001", "Geburtsdatum plausibel", rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 8)",
            schwere: .fehler, feld: .geburtsdatum, feldpfad: "personen[].geburtsdatum"
        ) { anzeige, kontext in
            anzeige.personenMitIndex.compactMap { index, person in
                guard let geburt = person.geburtsdatum else { return nil }
                if geburt > kontext.heute {
                    return Treffer(
                        "personen[\(index)].geburtsdatum", "Das Geburtsdatum \(geburt.deutsch) liegt in der Zukunft.")
                }
                if geburt < kontext.einstellungen.fruehestesDatum {
                    return Treffer(
                        "personen[\(index)].geburtsdatum", "Das Geburtsdatum \(geburt.deutsch) ist nicht plausibel.")
                }
                return nil
            }
        },
        Regel(
            "GEW-PER-002", "Keine geschäftsunfähige Person (unter 7 Jahren)",
            rechtsgrundlage: "§ 104 Nr. 1 BGB (Geschäftsunfähigkeit); § 112 BGB", schwere: .fehler,
            feld: .geburtsdatum, feldpfad: "personen[].geburtsdatum"
        ) { anzeige, kontext in
            let stichtag = stichtag(anzeige, kontext)
            return anzeige.personenMitIndex.compactMap { index, person in
                guard let geburt = person.geburtsdatum, geburt <= kontext.heute, geburt.alter(am: stichtag) < 7 else {
                    return nil
                }
                return Treffer(
                    "personen[\(index)].geburtsdatum",
                    "Die Person ist am \(stichtag.deutsch) jünger als 7 Jahre und damit geschäftsunfähig; sie kann kein Gewerbe betreiben."
                )
            }
        },
        Regel(
            "GEW-PER-003", "Minderjährige/r Gewerbetreibende/r mit Genehmigung des Familiengerichts",
            rechtsgrundlage:
                "§ 112 Abs. 1 BGB (Ermächtigung durch den gesetzlichen Vertreter mit Genehmigung des Familiengerichts)",
            schwere: .fehler, meldearten: [.anmeldung, .ummeldung], feld: .geburtsdatum,
            feldpfad: "personen[].genehmigungFamiliengericht"
        ) { anzeige, kontext in
            let stichtag = stichtag(anzeige, kontext)
            return anzeige.personenMitIndex.compactMap { index, person in
                guard person.funktion != .gesetzlicherVertreter, let geburt = person.geburtsdatum,
                    geburt <= kontext.heute
                else { return nil }
                let alter = geburt.alter(am: stichtag)
                guard (7..<18).contains(alter), person.genehmigungFamiliengericht?.liegtVor != true else { return nil }
                return Treffer(
                    "personen[\(index)].genehmigungFamiliengericht",
                    "Die Person ist am \(stichtag.deutsch) \(alter) Jahre alt: Ein selbständiges Gewerbe setzt die Ermächtigung der Eltern mit Genehmigung des Familiengerichts voraus (§ 112 BGB); Nachweis fehlt."
                )
            }
        },
        Regel(
            "GEW-PER-004", "Gesetzliche/r Vertreter/in unbeschränkt geschäftsfähig",
            rechtsgrundlage: "§ 6 Abs. 2 Satz 1 GmbHG; § 76 Abs. 3 Satz 1 AktG", schwere: .fehler,
            meldearten: [.anmeldung, .ummeldung], feld: .geburtsdatum, feldpfad: "personen[].geburtsdatum"
        ) { anzeige, kontext in
            let stichtag = stichtag(anzeige, kontext)
            return anzeige.personenMitIndex.compactMap { index, person in
                guard person.funktion == .gesetzlicherVertreter, let geburt = person.geburtsdatum,
                    geburt <= kontext.heute,
                    (7..<18).contains(geburt.alter(am: stichtag))
                else { return nil }
                return Treffer(
                    "personen[\(index)].geburtsdatum",
                    "Geschäftsführer/in bzw. Vorstand muss unbeschränkt geschäftsfähig sein; die Person ist minderjährig."
                )
            }
        },
        Regel(
            "GEW-PER-005", "Angabe zum Aufenthaltstitel bei Drittstaatsangehörigen",
            rechtsgrundlage: "§ 4a Abs. 1, § 21 AufenthG; GewAnzV Anlage 1 (Feld 30), Anlage 2 (Feld 27)",
            schwere: .fehler, meldearten: [.anmeldung, .ummeldung], feld: .aufenthaltstitel,
            feldpfad: "personen[].aufenthaltstitel.liegtVor"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                guard brauchtAufenthaltstitel(person), person.aufenthaltstitel?.liegtVor == nil else { return nil }
                return Treffer(
                    "personen[\(index)].aufenthaltstitel.liegtVor",
                    "Die Person besitzt keine Staatsangehörigkeit eines EU-/EWR-Staates oder der Schweiz: Anzugeben ist, ob ein Aufenthaltstitel vorliegt."
                )
            }
        },
        Regel(
            "GEW-PER-006", "Kein Aufenthaltstitel bei Drittstaatsangehörigen: Ausländerbehörde beteiligen",
            rechtsgrundlage:
                "§ 4a Abs. 1 AufenthG; § 15 Abs. 1 GewO (Empfangsbescheinigung wird trotzdem erteilt); § 14 Abs. 8 GewO (Unterrichtung der Ausländerbehörde)",
            schwere: .hinweis, meldearten: [.anmeldung, .ummeldung], feld: .aufenthaltstitel,
            feldpfad: "personen[].aufenthaltstitel"
        ) { anzeige, kontext in
            anzeige.personenMitIndex.compactMap { index, person in
                guard brauchtAufenthaltstitel(person), let titel = person.aufenthaltstitel else { return nil }
                if titel.liegtVor == false {
                    return Treffer(
                        "personen[\(index)].aufenthaltstitel.liegtVor",
                        "Es liegt kein Aufenthaltstitel vor: Die Erwerbstätigkeit ist nur mit Titel erlaubt; Ausländerbehörde unterrichten."
                    )
                }
                if titel.liegtVor == true, let bis = titel.gueltigBis, bis < (anzeige.ereignisdatum ?? kontext.heute) {
                    return Treffer(
                        "personen[\(index)].aufenthaltstitel.gueltigBis",
                        "Der Aufenthaltstitel ist nur bis \(bis.deutsch) gültig und damit zum Ereignisdatum abgelaufen; Ausländerbehörde unterrichten."
                    )
                }
                return nil
            }
        },
        Regel(
            "GEW-PER-007", "Aufenthaltstitel: Ausstellungsangaben bei „ja“",
            rechtsgrundlage:
                "GewAnzV Anlage 1 (Feld 30: „ja, Ausstellungsdatum und erteilende Behörde“), Anlage 2 (Feld 27)",
            schwere: .fehler, meldearten: [.anmeldung, .ummeldung], feld: .aufenthaltstitel,
            feldpfad: "personen[].aufenthaltstitel"
        ) { anzeige, _ in
            anzeige.personenMitIndex.flatMap { index, person -> [Treffer] in
                guard let titel = person.aufenthaltstitel, titel.liegtVor == true else { return [] }
                var result: [Treffer] = []
                if titel.ausgestelltAm == nil {
                    result.append(
                        Treffer(
                            "personen[\(index)].aufenthaltstitel.ausgestelltAm",
                            "Das Ausstellungsdatum des Aufenthaltstitels fehlt."))
                }
                if titel.ausgestelltVon.istLeer {
                    result.append(
                        Treffer(
                            "personen[\(index)].aufenthaltstitel.ausgestelltVon",
                            "Die Behörde, die den Aufenthaltstitel erteilt hat, fehlt."))
                }
                if titel.auflage == nil {
                    result.append(
                        Treffer(
                            "personen[\(index)].aufenthaltstitel.auflage",
                            "Anzugeben ist, ob der Titel eine Auflage oder Beschränkung zur Erwerbstätigkeit enthält.",
                            feld: .auflage))
                }
                if titel.auflage == true && titel.auflageText.istLeer {
                    result.append(
                        Treffer(
                            "personen[\(index)].aufenthaltstitel.auflageText",
                            "Die Auflage bzw. Beschränkung ist anzugeben.", feld: .auflage))
                }
                return result
            }
        },
        Regel(
            "GEW-PER-008", "Auflage schließt selbständige Tätigkeit aus",
            rechtsgrundlage: "§ 4a Abs. 1 und 3 AufenthG; § 14 Abs. 8 GewO (Unterrichtung der Ausländerbehörde)",
            schwere: .hinweis, meldearten: [.anmeldung, .ummeldung], feld: .auflage,
            feldpfad: "personen[].aufenthaltstitel.auflageText"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                guard let text = person.aufenthaltstitel?.auflageText.map(Suchtext.init),
                    text.enthaeltEines(Stichwoerter.falte(["nicht gestattet", "nicht erlaubt", "untersagt"]))
                else { return nil }
                return Treffer(
                    "personen[\(index)].aufenthaltstitel.auflageText",
                    "Laut Auflage ist die (selbständige) Erwerbstätigkeit nicht gestattet: Anzeige entgegennehmen, Ausländerbehörde unterrichten."
                )
            }
        },
        Regel(
            "GEW-PER-009", "Zahl der Vertreter passt zu den angegebenen Personen",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 12; weitere Vertreter auf Beiblatt)",
            schwere: .fehler, feld: .anzahlVertretungsberechtigte, feldpfad: "anzahlVertretungsberechtigte"
        ) { anzeige, _ in
            guard let anzahl = anzeige.anzahlVertretungsberechtigte, anzahl >= 1,
                let gruppe = anzeige.rechtsformgruppe, gruppe == .juristischePerson || gruppe == .personengesellschaft
            else { return [] }
            let personen = (anzeige.personen ?? []).count
            return personen > anzahl
                ? [
                    Treffer(
                        "anzahlVertretungsberechtigte",
                        "Angegeben sind \(anzahl) vertretungsberechtigte Personen, erfasst aber \(personen).")
                ]
                : []
        },
        Regel(
            "GEW-PER-010", "Alle gesetzlichen Vertreter erfasst (Beiblatt)",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Kopfhinweis: weitere gesetzliche Vertreter auf Beiblatt)",
            schwere: .hinweis, feld: .anzahlVertretungsberechtigte, feldpfad: "personen"
        ) { anzeige, _ in
            guard let anzahl = anzeige.anzahlVertretungsberechtigte, anzeige.rechtsformgruppe == .juristischePerson,
                !anzeige.istInlaendischeAG
            else { return [] }
            let personen = (anzeige.personen ?? []).count
            return personen < anzahl && personen > 0
                ? [
                    Treffer(
                        "personen",
                        "Angegeben sind \(anzahl) gesetzliche Vertreter, erfasst sind \(personen); die übrigen sind mit Beiblatt zu erfassen."
                    )
                ]
                : []
        },
    ]
}
