import Foundation

/// Date logic: plausibility of Beginn, Aenderung, Aufgabe and the dates of proofs.
enum RegelnDatum {
    static let alle: [Regel] = [
        Regel(
            "GEW-DAT-001", "Beginn/Aufgabe nicht weit in der Zukunft (Fehler)",
            rechtsgrundlage: "§ 14 Abs. 1 Satz 1 GewO (Anzeige „gleichzeitig“ mit dem Beginn)", schwere: .fehler,
            feld: .ereignisdatum, feldpfad: "beginn | datumAenderung | datumAufgabe"
        ) { anzeige, kontext in
            guard let datum = anzeige.ereignisdatum else { return [] }
            let tage = kontext.heute.tage(bis: datum)
            guard tage > kontext.einstellungen.vorlaufFehlerTage else { return [] }
            let (name, feld) = anzeige.ereignisdatumFeld
            return [
                Treffer(
                    name,
                    "Das Datum \(datum.deutsch) liegt \(tage) Tage in der Zukunft; angezeigt werden kann höchstens \(kontext.einstellungen.vorlaufFehlerTage) Tage im Voraus.",
                    feld: feld)
            ]
        },
        Regel(
            "GEW-DAT-002", "Beginn mehr als zwei Wochen in der Zukunft",
            rechtsgrundlage: "§ 14 Abs. 1 Satz 1 GewO (Anzeige „gleichzeitig“ mit dem Beginn); Verwaltungspraxis",
            schwere: .hinweis, meldearten: [.anmeldung], feld: .beginn, feldpfad: "beginn"
        ) { anzeige, kontext in
            guard let beginn = anzeige.beginn else { return [] }
            let tage = kontext.heute.tage(bis: beginn)
            guard tage > kontext.einstellungen.vorlaufHinweisTage, tage <= kontext.einstellungen.vorlaufFehlerTage
            else { return [] }
            return [
                Treffer(
                    "beginn",
                    "Der Beginn liegt \(tage) Tage in der Zukunft; üblich ist eine Anzeige höchstens \(kontext.einstellungen.vorlaufHinweisTage) Tage vor Beginn."
                )
            ]
        },
        Regel(
            "GEW-DAT-003", "Verspätete Anzeige",
            rechtsgrundlage: "§ 14 Abs. 1 GewO (gleichzeitig); § 146 Abs. 2 Nr. 2 GewO (Ordnungswidrigkeit)",
            schwere: .hinweis, feld: .ereignisdatum, feldpfad: "beginn | datumAenderung | datumAufgabe"
        ) { anzeige, kontext in
            guard anzeige.eingangskanal != .rueckmeldung, anzeige.vonAmtsWegen != true,
                let datum = anzeige.ereignisdatum,
                let eingang = anzeige.eingangsdatum
            else { return [] }
            let tage = datum.tage(bis: eingang)
            guard tage > kontext.einstellungen.verspaetungHinweisTage else { return [] }
            let (name, feld) = anzeige.ereignisdatumFeld
            return [
                Treffer(
                    name,
                    "Die Anzeige ging \(tage) Tage nach dem Ereignis (\(datum.deutsch)) ein; sie ist gleichzeitig zu erstatten. Eine Ordnungswidrigkeit kommt in Betracht.",
                    feld: feld)
            ]
        },
        Regel(
            "GEW-DAT-004", "Eingangsdatum nicht in der Zukunft", rechtsgrundlage: "§ 15 Abs. 1 GewO",
            schwere: .fehler, feld: .kopf, feldpfad: "eingangsdatum"
        ) { anzeige, kontext in
            guard let eingang = anzeige.eingangsdatum, eingang > kontext.heute else { return [] }
            return [Treffer("eingangsdatum", "Das Eingangsdatum \(eingang.deutsch) liegt in der Zukunft.")]
        },
        Regel(
            "GEW-DAT-005", "Datum der Unterschrift nicht nach dem Eingang",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (GewA 1 Feld 32, GewA 2/3 Feld 29)", schwere: .fehler,
            feld: .datumUnterschrift, feldpfad: "datumUnterschrift"
        ) { anzeige, kontext in
            guard let unterschrift = anzeige.datumUnterschrift else { return [] }
            let grenze = min(anzeige.eingangsdatum ?? kontext.heute, kontext.heute)
            return unterschrift > grenze
                ? [
                    Treffer(
                        "datumUnterschrift",
                        "Das Datum der Unterschrift (\(unterschrift.deutsch)) liegt nach dem Eingang der Anzeige.")
                ] : []
        },
        Regel(
            "GEW-DAT-006", "Ausstellungsdaten von Nachweisen nicht in der Zukunft",
            rechtsgrundlage: "GewAnzV Anlage 1 (Felder 28-30), Anlage 2 (Felder 25-27)", schwere: .fehler,
            feld: .erlaubnis,
            feldpfad:
                "erlaubnis.ausgestelltAm, handwerkskarte.ausgestelltAm, personen[].aufenthaltstitel.ausgestelltAm, personen[].genehmigungFamiliengericht.ausgestelltAm"
        ) { anzeige, kontext in
            var daten: [(String, Datum?, Formularfeld)] = [
                ("erlaubnis.ausgestelltAm", anzeige.erlaubnis?.ausgestelltAm, .erlaubnis),
                ("handwerkskarte.ausgestelltAm", anzeige.handwerkskarte?.ausgestelltAm, .handwerkskarte),
            ]
            for (index, person) in anzeige.personenMitIndex {
                daten.append(
                    (
                        "personen[\(index)].aufenthaltstitel.ausgestelltAm", person.aufenthaltstitel?.ausgestelltAm,
                        .aufenthaltstitel
                    ))
                daten.append(
                    (
                        "personen[\(index)].genehmigungFamiliengericht.ausgestelltAm",
                        person.genehmigungFamiliengericht?.ausgestelltAm, .geburtsdatum
                    ))
            }
            return daten.compactMap { pfad, datum, feld in
                guard let datum else { return nil }
                if datum > kontext.heute {
                    return Treffer(pfad, "Das Ausstellungsdatum \(datum.deutsch) liegt in der Zukunft.", feld: feld)
                }
                if datum < kontext.einstellungen.fruehestesDatum {
                    return Treffer(pfad, "Das Ausstellungsdatum \(datum.deutsch) ist nicht plausibel.", feld: feld)
                }
                return nil
            }
        },
        Regel(
            "GEW-DAT-007", "Datum des Ereignisses plausibel", rechtsgrundlage: "GewAnzV Anlagen 1-3",
            schwere: .fehler, feld: .ereignisdatum, feldpfad: "beginn | datumAenderung | datumAufgabe"
        ) { anzeige, kontext in
            guard let datum = anzeige.ereignisdatum, datum < kontext.einstellungen.fruehestesDatum else { return [] }
            let (name, feld) = anzeige.ereignisdatumFeld
            return [Treffer(name, "Das Datum \(datum.deutsch) ist nicht plausibel.", feld: feld)]
        },
        Regel(
            "GEW-DAT-008", "Formular von 2019 nach dem 31.10.2025",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 in der ab 1. November 2025 geltenden Fassung (Rückmeldeverfahren)",
            schwere: .hinweis, feld: .kopf, feldpfad: "formularversion"
        ) { anzeige, _ in
            guard anzeige.formularversion == .v2019, let eingang = anzeige.eingangsdatum,
                eingang >= Lebenszyklus.rueckmeldeverfahrenAb
            else { return [] }
            return [
                Treffer(
                    "formularversion",
                    "Seit 1. November 2025 gelten die neu gefassten Vordrucke; die Angaben nach altem Vordruck sind zu prüfen (insbesondere Feld 25 „Verlegung“)."
                )
            ]
        },
        Regel(
            "GEW-DAT-009", "Beginn nicht vor der Geburt", rechtsgrundlage: "GewAnzV Anlagen 1-3 (Felder 8, 20)",
            schwere: .fehler, meldearten: [.anmeldung], feld: .beginn, feldpfad: "beginn"
        ) { anzeige, _ in
            guard let beginn = anzeige.beginn else { return [] }
            return anzeige.personenMitIndex.compactMap { index, person in
                guard let geburt = person.geburtsdatum, beginn < geburt else { return nil }
                return Treffer(
                    "beginn",
                    "Der Beginn (\(beginn.deutsch)) liegt vor der Geburt von Person \(index + 1) (\(geburt.deutsch)).")
            }
        },
    ]
}
