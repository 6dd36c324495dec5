import Foundation

/// Required fields per form and per reason (GewAnzV section 1: the forms are to be filled in
/// completely; Anlagen 1-3 define the fields).
enum RegelnPflicht {
    static let anlagen = "§ 14 Abs. 1 GewO; § 1 GewAnzV mit Anlagen 1-3"

    static let alle: [Regel] = [
        Regel(
            "GEW-PFL-001", "Gemeindekennzahl (AGS) der Betriebsstätte angegeben", rechtsgrundlage: anlagen,
            schwere: .fehler, feld: .kopf, feldpfad: "gemeindeschluessel"
        ) { anzeige, _ in
            anzeige.gemeindeschluessel.istLeer
                ? [Treffer("gemeindeschluessel", "Die Gemeindekennzahl (AGS) der Betriebsstätte fehlt.")] : []
        },
        Regel(
            "GEW-PFL-002", "Eingangsdatum angegeben", rechtsgrundlage: "§ 15 Abs. 1 GewO",
            schwere: .fehler, feld: .kopf, feldpfad: "eingangsdatum"
        ) { anzeige, _ in
            anzeige.eingangsdatum == nil
                ? [
                    Treffer(
                        "eingangsdatum",
                        "Das Eingangsdatum der Anzeige fehlt (maßgeblich für die Empfangsbescheinigung).")
                ]
                : []
        },
        Regel(
            "GEW-PFL-003", "Angaben zur Person (Felder 4-11) vorhanden",
            rechtsgrundlage: anlagen + " (Kopfhinweis: entfällt nur bei inländischer AG)",
            schwere: .fehler, feld: .familienname, feldpfad: "personen"
        ) { anzeige, _ in
            guard !anzeige.istInlaendischeAG else { return [] }
            return (anzeige.personen ?? []).isEmpty
                ? [
                    Treffer(
                        "personen",
                        "Angaben zur Person fehlen: mindestens eine Person (Inhaber/in oder gesetzliche/r Vertreter/in) ist anzugeben."
                    )
                ]
                : []
        },
        Regel(
            "GEW-PFL-004", "Familienname und Vornamen der Person", rechtsgrundlage: anlagen + " (Felder 4, 5)",
            schwere: .fehler, feld: .familienname, feldpfad: "personen[].familienname, personen[].vornamen"
        ) { anzeige, _ in
            anzeige.personenMitIndex.flatMap { index, person -> [Treffer] in
                var result: [Treffer] = []
                if person.familienname.istLeer {
                    result.append(
                        Treffer("personen[\(index)].familienname", "Der Familienname fehlt.", feld: .familienname))
                }
                if person.vornamen.istLeer {
                    result.append(Treffer("personen[\(index)].vornamen", "Die Vornamen fehlen.", feld: .vornamen))
                }
                return result
            }
        },
        Regel(
            "GEW-PFL-005", "Geschlecht der Person",
            rechtsgrundlage: anlagen + " (Feld 6); § 3 Abs. 2 GewAnzV (Erhebungsmerkmal)",
            schwere: .fehler, feld: .geschlecht, feldpfad: "personen[].geschlecht"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                person.geschlecht == nil
                    ? Treffer(
                        "personen[\(index)].geschlecht",
                        "Das Geschlecht fehlt (männlich, weiblich, divers oder ohne Angabe).")
                    : nil
            }
        },
        Regel(
            "GEW-PFL-006", "Geburtsdatum der Person", rechtsgrundlage: anlagen + " (Feld 8)",
            schwere: .fehler, feld: .geburtsdatum, feldpfad: "personen[].geburtsdatum"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                person.geburtsdatum == nil ? Treffer("personen[\(index)].geburtsdatum", "Das Geburtsdatum fehlt.") : nil
            }
        },
        Regel(
            "GEW-PFL-007", "Geburtsort der Person", rechtsgrundlage: anlagen + " (Feld 9)",
            schwere: .fehler, feld: .geburtsort, feldpfad: "personen[].geburtsort"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                person.geburtsort.istLeer ? Treffer("personen[\(index)].geburtsort", "Der Geburtsort fehlt.") : nil
            }
        },
        Regel(
            "GEW-PFL-008", "Staatsangehörigkeit(en) der Person",
            rechtsgrundlage: anlagen + " (Feld 10); § 3 Abs. 2 GewAnzV (Erhebungsmerkmal)",
            schwere: .fehler, feld: .staatsangehoerigkeit, feldpfad: "personen[].staatsangehoerigkeiten"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                (person.staatsangehoerigkeiten ?? []).isEmpty
                    ? Treffer(
                        "personen[\(index)].staatsangehoerigkeiten",
                        "Mindestens eine Staatsangehörigkeit ist anzugeben.")
                    : nil
            }
        },
        Regel(
            "GEW-PFL-009", "Wohnanschrift der Person", rechtsgrundlage: anlagen + " (Feld 11)",
            schwere: .fehler, feld: .wohnanschrift, feldpfad: "personen[].wohnanschrift"
        ) { anzeige, _ in
            anzeige.personenMitIndex.compactMap { index, person in
                let fehlend = fehlendeAnschriftsteile(person.wohnanschrift)
                return fehlend.isEmpty
                    ? nil
                    : Treffer(
                        "personen[\(index)].wohnanschrift",
                        "Die Wohnanschrift ist unvollständig (fehlt: \(fehlend.joined(separator: ", "))).")
            }
        },
        Regel(
            "GEW-PFL-010", "Rechtsform angegeben",
            rechtsgrundlage: anlagen + " (Feld 1: Name mit Rechtsform); § 14 Abs. 13 GewO",
            schwere: .fehler, feld: .name, feldpfad: "inhaber.rechtsform"
        ) { anzeige, _ in
            anzeige.inhaber?.rechtsform.istLeer ?? true
                ? [
                    Treffer(
                        "inhaber.rechtsform",
                        "Die Rechtsform fehlt (Schlüssel der Liste Rechtsformen, z. B. 180 für ein nicht eingetragenes Einzelunternehmen)."
                    )
                ]
                : []
        },
        Regel(
            "GEW-PFL-011", "Name des Betriebsinhabers bei Gesellschaften und eingetragenen Firmen",
            rechtsgrundlage: anlagen + " (Feld 1)", schwere: .fehler, feld: .name, feldpfad: "inhaber.name"
        ) { anzeige, _ in
            guard let rechtsform = anzeige.rechtsformEintrag,
                rechtsform.gruppe != .einzelunternehmen || rechtsform.register != nil
            else { return [] }
            // An unregistered GbR has no registered name: field 1 then holds the other partners
            // ("ggf. bei GbR: Angabe der weiteren Gesellschafter"; checked by GEW-RF-007).
            if rechtsform.registerOptional && anzeige.inhaber?.register == nil { return [] }
            return anzeige.inhaber?.name.istLeer ?? true
                ? [
                    Treffer(
                        "inhaber.name",
                        "Der Name des Betriebsinhabers mit Rechtsform (wie im Register eingetragen) fehlt.")
                ]
                : []
        },
        Regel(
            "GEW-PFL-012", "Zahl der geschäftsführenden Gesellschafter / gesetzlichen Vertreter",
            rechtsgrundlage: anlagen + " (Feld 12)", schwere: .fehler, feld: .anzahlVertretungsberechtigte,
            feldpfad: "anzahlVertretungsberechtigte"
        ) { anzeige, _ in
            guard let gruppe = anzeige.rechtsformgruppe, gruppe == .personengesellschaft || gruppe == .juristischePerson
            else { return [] }
            guard let anzahl = anzeige.anzahlVertretungsberechtigte else {
                return [
                    Treffer(
                        "anzahlVertretungsberechtigte",
                        "Die Zahl der geschäftsführenden Gesellschafter bzw. gesetzlichen Vertreter fehlt.")
                ]
            }
            return anzahl < 1
                ? [
                    Treffer(
                        "anzahlVertretungsberechtigte",
                        "Die Zahl der vertretungsberechtigten Personen muss mindestens 1 sein.")
                ]
                : []
        },
        Regel(
            "GEW-PFL-013", "Beteiligung der öffentlichen Hand angegeben", rechtsgrundlage: anlagen + " (Feld 13)",
            schwere: .fehler, feld: .beteiligungOeffentlicheHand, feldpfad: "beteiligungOeffentlicheHand"
        ) { anzeige, _ in
            anzeige.beteiligungOeffentlicheHand == nil
                ? [
                    Treffer(
                        "beteiligungOeffentlicheHand",
                        "Anzugeben ist, ob eine Beteiligung der öffentlichen Hand vorliegt (ja, nein, nicht bekannt).")
                ]
                : []
        },
        Regel(
            "GEW-PFL-014", "Betriebsleiter bei inländischer AG, Zweigniederlassung, unselbständiger Zweigstelle",
            rechtsgrundlage: anlagen + " (Feld 14)", schwere: .fehler, feld: .betriebsleiter, feldpfad: "betriebsleiter"
        ) { anzeige, _ in
            guard anzeige.istInlaendischeAG || anzeige.istZweigbetrieb else { return [] }
            let leiter = anzeige.betriebsleiter
            return leiter?.familienname.istLeer ?? true || leiter?.vornamen.istLeer ?? true
                ? [
                    Treffer(
                        "betriebsleiter",
                        "Name und Vornamen der vertretungsberechtigten Person / des Betriebsleiters fehlen.")
                ]
                : []
        },
        Regel(
            "GEW-PFL-015", "Anschrift der Betriebsstätte", rechtsgrundlage: anlagen + " (Feld 15)",
            schwere: .fehler, feld: .betriebsstaette, feldpfad: "betriebsstaette.anschrift"
        ) { anzeige, _ in
            guard anzeige.reisegewerbe != true else { return [] }
            let fehlend = fehlendeAnschriftsteile(anzeige.betriebsstaette?.anschrift)
            return fehlend.isEmpty
                ? []
                : [
                    Treffer(
                        "betriebsstaette.anschrift",
                        "Die Anschrift der Betriebsstätte ist unvollständig (fehlt: \(fehlend.joined(separator: ", ")))."
                    )
                ]
        },
        Regel(
            "GEW-PFL-016", "Hauptniederlassung bei Zweigniederlassung oder unselbständiger Zweigstelle",
            rechtsgrundlage: anlagen + " (Felder 16, 23)", schwere: .fehler, feld: .hauptniederlassung,
            feldpfad: "hauptniederlassung.anschrift"
        ) { anzeige, _ in
            guard anzeige.istZweigbetrieb else { return [] }
            let fehlend = fehlendeAnschriftsteile(anzeige.hauptniederlassung?.anschrift)
            return fehlend.isEmpty
                ? []
                : [
                    Treffer(
                        "hauptniederlassung.anschrift",
                        "Für eine Zweigniederlassung oder unselbständige Zweigstelle ist die Anschrift der Hauptniederlassung anzugeben (fehlt: \(fehlend.joined(separator: ", ")))."
                    )
                ]
        },
        Regel(
            "GEW-PFL-017", "Frühere Betriebsstätte bei Verlegung",
            rechtsgrundlage: anlagen + " (Feld 17); § 14 Abs. 1 Satz 2 Nr. 1 GewO",
            schwere: .fehler, meldearten: [.anmeldung, .ummeldung], feld: .fruehereBetriebsstaette,
            feldpfad: "fruehereBetriebsstaette.anschrift"
        ) { anzeige, _ in
            let verlegung =
                anzeige.meldeart == .anmeldung
                ? anzeige.grundAnmeldung == .verlegungAusAnderemMeldebezirk
                : (anzeige.gruendeUmmeldung ?? []).contains(.verlegungInnerhalb)
            guard verlegung else { return [] }
            let fehlend = fehlendeAnschriftsteile(anzeige.fruehereBetriebsstaette?.anschrift)
            return fehlend.isEmpty
                ? []
                : [
                    Treffer(
                        "fruehereBetriebsstaette.anschrift",
                        "Bei einer Verlegung ist die frühere Betriebsstätte anzugeben (fehlt: \(fehlend.joined(separator: ", ")))."
                    )
                ]
        },
        Regel(
            "GEW-PFL-018", "Tätigkeit beschrieben", rechtsgrundlage: anlagen + " (Feld 18; GewA 2: Felder 18, 19)",
            schwere: .fehler, feld: .taetigkeit, feldpfad: "taetigkeiten[].beschreibung"
        ) { anzeige, _ in
            let taetigkeiten = anzeige.taetigkeiten ?? []
            if taetigkeiten.isEmpty {
                return [Treffer("taetigkeiten", "Die Tätigkeit ist genau zu beschreiben; es ist keine angegeben.")]
            }
            return anzeige.taetigkeitenMitIndex.compactMap { index, taetigkeit in
                taetigkeit.beschreibung.istLeer
                    ? Treffer("taetigkeiten[\(index)].beschreibung", "Die Beschreibung der Tätigkeit fehlt.") : nil
            }
        },
        Regel(
            "GEW-PFL-019", "Nebenerwerb angegeben", rechtsgrundlage: anlagen + " (Feld 19); § 3 Abs. 2 GewAnzV",
            schwere: .fehler, meldearten: [.anmeldung, .abmeldung], feld: .nebenerwerb, feldpfad: "nebenerwerb"
        ) { anzeige, _ in
            anzeige.nebenerwerb == nil
                ? [Treffer("nebenerwerb", "Anzugeben ist, ob die Tätigkeit im Nebenerwerb betrieben wird (ja/nein).")]
                : []
        },
        Regel(
            "GEW-PFL-020", "Datum des Beginns / der Änderung / der Aufgabe",
            rechtsgrundlage: anlagen + " (GewA 1 Feld 20, GewA 2 Feld 21, GewA 3 Feld 20)",
            schwere: .fehler, feld: .ereignisdatum, feldpfad: "beginn | datumAenderung | datumAufgabe"
        ) { anzeige, _ in
            let (name, feld) = anzeige.ereignisdatumFeld
            guard anzeige.ereignisdatum == nil else { return [] }
            let text =
                switch anzeige.meldeart {
                case .anmeldung: "Das Datum des Beginns der Tätigkeit fehlt."
                case .ummeldung: "Das Datum der Änderung fehlt."
                case .abmeldung: "Das Datum der Betriebsaufgabe fehlt."
                }
            return [Treffer(name, text, feld: feld)]
        },
        Regel(
            "GEW-PFL-021", "Art des Betriebes angekreuzt", rechtsgrundlage: anlagen + " (Feld 21); § 3 Abs. 2 GewAnzV",
            schwere: .fehler, meldearten: [.anmeldung, .abmeldung], feld: .betriebsart, feldpfad: "betriebsart"
        ) { anzeige, _ in
            anzeige.betriebsart?.irgendeine == true
                ? []
                : [
                    Treffer(
                        "betriebsart",
                        "Mindestens eine Art des Betriebes ist anzugeben (Industrie, Handwerk, Handel, Sonstiges).")
                ]
        },
        Regel(
            "GEW-PFL-022", "Zahl der tätigen Personen angegeben",
            rechtsgrundlage: anlagen + " (Feld 22); § 3 Abs. 2 GewAnzV",
            schwere: .fehler, feld: .beschaeftigte, feldpfad: "beschaeftigte"
        ) { anzeige, _ in
            guard let beschaeftigte = anzeige.beschaeftigte,
                beschaeftigte.keine == true || beschaeftigte.vollzeit != nil || beschaeftigte.teilzeit != nil
            else {
                return [
                    Treffer("beschaeftigte", "Die Zahl der tätigen Personen fehlt (Vollzeit, Teilzeit oder „keine“).")
                ]
            }
            return []
        },
        Regel(
            "GEW-PFL-023", "Niederlassungsart oder Reisegewerbe angegeben",
            rechtsgrundlage: anlagen + " (Felder 23, 24); § 55c GewO",
            schwere: .fehler, feld: .niederlassungsart, feldpfad: "niederlassungsart | reisegewerbe"
        ) { anzeige, _ in
            anzeige.niederlassungsart == nil && anzeige.reisegewerbe != true
                ? [
                    Treffer(
                        "niederlassungsart",
                        "Anzugeben ist, wofür die Anzeige erstattet wird: Hauptniederlassung, Zweigniederlassung, unselbständige Zweigstelle oder Reisegewerbe."
                    )
                ]
                : []
        },
        Regel(
            "GEW-PFL-024", "Grund der Anmeldung", rechtsgrundlage: anlagen + " (GewA 1 Feld 25); § 3 Abs. 2 GewAnzV",
            schwere: .fehler, meldearten: [.anmeldung], feld: .grundAnmeldung, feldpfad: "grundAnmeldung"
        ) { anzeige, _ in
            anzeige.grundAnmeldung == nil
                ? [Treffer("grundAnmeldung", "Der Grund der Neuerrichtung bzw. Übernahme fehlt.")] : []
        },
        Regel(
            "GEW-PFL-025", "Grund der Abmeldung",
            rechtsgrundlage: anlagen + " (GewA 3 Felder 25/26); § 3 Abs. 2 GewAnzV",
            schwere: .fehler, meldearten: [.abmeldung], feld: .grundAbmeldung, feldpfad: "grundAbmeldung"
        ) { anzeige, _ in
            anzeige.grundAbmeldung == nil
                ? [Treffer("grundAbmeldung", "Der Grund der Aufgabe bzw. Übergabe fehlt.")] : []
        },
        Regel(
            "GEW-PFL-026", "Grund der Ummeldung",
            rechtsgrundlage: "§ 14 Abs. 1 Satz 2 Nr. 1, 2 GewO; GewAnzV Anlage 2 (Feld 20)",
            schwere: .fehler, meldearten: [.ummeldung], feld: .gruendeUmmeldung, feldpfad: "gruendeUmmeldung"
        ) { anzeige, _ in
            let gruende = anzeige.gruendeUmmeldung ?? []
            if gruende.isEmpty && anzeige.sonstigeGruendeUmmeldung.istLeer {
                return [
                    Treffer(
                        "gruendeUmmeldung",
                        "Der Grund der Ummeldung fehlt (Verlegung, Wechsel oder Ausdehnung der Tätigkeit, Namensänderung, sonstiger Grund)."
                    )
                ]
            }
            if gruende.contains(.sonstiges) && anzeige.sonstigeGruendeUmmeldung.istLeer {
                return [Treffer("sonstigeGruendeUmmeldung", "Beim Grund „sonstiges“ ist der Grund zu beschreiben.")]
            }
            return []
        },
        Regel(
            "GEW-PFL-027", "Früherer Gewerbetreibender / früherer Firmenname bei Übernahme",
            rechtsgrundlage: anlagen + " (GewA 1 Feld 26)", schwere: .fehler, meldearten: [.anmeldung],
            feld: .fruehererInhaber, feldpfad: "fruehererInhaber"
        ) { anzeige, _ in
            guard let grund = anzeige.grundAnmeldung, grund.brauchtFrueherenInhaber, anzeige.fruehererInhaber.istLeer
            else { return [] }
            return [
                Treffer(
                    "fruehererInhaber",
                    "Beim Grund „\(grund.bezeichnung)“ ist der Name des früheren Gewerbetreibenden oder der frühere Firmenname anzugeben."
                )
            ]
        },
        Regel(
            "GEW-PFL-028", "Künftiger Gewerbetreibender / künftiger Firmenname bei Übergabe",
            rechtsgrundlage: anlagen + " (GewA 3 Feld 27)", schwere: .fehler, meldearten: [.abmeldung],
            feld: .kuenftigerInhaber, feldpfad: "kuenftigerInhaber"
        ) { anzeige, _ in
            guard let grund = anzeige.grundAbmeldung, grund.brauchtKuenftigenInhaber, anzeige.kuenftigerInhaber.istLeer
            else { return [] }
            return [
                Treffer(
                    "kuenftigerInhaber",
                    "Beim Grund „\(grund.bezeichnung)“ ist der Name des künftigen Gewerbetreibenden oder der künftige Firmenname anzugeben."
                )
            ]
        },
        Regel(
            "GEW-PFL-029", "Bisheriger Unfallversicherungsträger außer bei Neugründung",
            rechtsgrundlage: anlagen + " (GewA 1 Feld 27)", schwere: .fehler, meldearten: [.anmeldung],
            feld: .unfallversicherung, feldpfad: "bisherigeUnfallversicherung"
        ) { anzeige, _ in
            guard let grund = anzeige.grundAnmeldung, grund != .neugruendung else { return [] }
            let uv = anzeige.bisherigeUnfallversicherung
            var result: [Treffer] = []
            if uv?.traeger.istLeer ?? true, uv?.traegerNichtBekannt != true {
                result.append(
                    Treffer(
                        "bisherigeUnfallversicherung.traeger",
                        "Außer bei einer Neugründung ist der bisherige Unfallversicherungsträger anzugeben (oder „nicht bekannt“)."
                    ))
            }
            if uv?.mitgliedsnummer.istLeer ?? true, uv?.mitgliedsnummerNichtBekannt != true {
                result.append(
                    Treffer(
                        "bisherigeUnfallversicherung.mitgliedsnummer",
                        "Außer bei einer Neugründung ist die bisherige Mitgliedsnummer anzugeben (oder „nicht bekannt“)."
                    ))
            }
            return result
        },
        Regel(
            "GEW-PFL-030", "Datum der Unterschrift bei Papierformular",
            rechtsgrundlage: anlagen + " (GewA 1 Feld 32, GewA 2/3 Feld 29); § 2 Abs. 1 GewAnzV",
            schwere: .fehler, feld: .datumUnterschrift, feldpfad: "datumUnterschrift"
        ) { anzeige, _ in
            guard anzeige.eingangskanal == .schalter || anzeige.eingangskanal == .post, anzeige.datumUnterschrift == nil
            else { return [] }
            return [
                Treffer(
                    "datumUnterschrift",
                    "Das Datum neben der Unterschrift fehlt (bei elektronischer Anzeige entfällt nur die Unterschrift)."
                )
            ]
        },
        Regel(
            "GEW-PFL-031", "Gründe der Betriebsaufgabe bei vollständiger Aufgabe",
            rechtsgrundlage: "GewAnzV Anlage 3 (Feld 28); § 3 Abs. 2 GewAnzV (Erhebungsmerkmal)", schwere: .hinweis,
            meldearten: [.abmeldung], feld: .gruendeBetriebsaufgabe,
            feldpfad: "gruendeBetriebsaufgabe | ursacheAbmeldung"
        ) { anzeige, _ in
            guard anzeige.grundAbmeldung == .vollstaendigeAufgabe, anzeige.gruendeBetriebsaufgabe.istLeer,
                anzeige.ursacheAbmeldung == nil
            else { return [] }
            return [
                Treffer(
                    "gruendeBetriebsaufgabe",
                    "Die Gründe für die Betriebsaufgabe fehlen (freiwillige Angabe, wird für die Statistik erfragt).")
            ]
        },
    ]
}
