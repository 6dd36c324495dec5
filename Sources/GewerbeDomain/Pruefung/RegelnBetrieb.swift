import Foundation

/// The Betrieb: employees, branch structure, competence, fields of the wrong form, moves.
enum RegelnBetrieb {
    static let alle: [Regel] = [
        Regel(
            "GEW-BES-001", "„keine“ Beschäftigte schließt Zahlen aus",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 22)", schwere: .fehler, feld: .beschaeftigte,
            feldpfad: "beschaeftigte.keine"
        ) { anzeige, _ in
            guard let b = anzeige.beschaeftigte, b.keine == true, (b.vollzeit ?? 0) > 0 || (b.teilzeit ?? 0) > 0 else {
                return []
            }
            return [
                Treffer(
                    "beschaeftigte.keine",
                    "„keine“ tätigen Personen widerspricht den angegebenen Zahlen (Vollzeit \(b.vollzeit ?? 0), Teilzeit \(b.teilzeit ?? 0))."
                )
            ]
        },
        Regel(
            "GEW-BES-002", "Zahl der tätigen Personen nicht negativ", rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 22)",
            schwere: .fehler, feld: .beschaeftigte, feldpfad: "beschaeftigte.vollzeit, beschaeftigte.teilzeit"
        ) { anzeige, _ in
            guard let b = anzeige.beschaeftigte else { return [] }
            return [("beschaeftigte.vollzeit", b.vollzeit), ("beschaeftigte.teilzeit", b.teilzeit)].compactMap {
                pfad, zahl in
                guard let zahl, zahl < 0 else { return nil }
                return Treffer(pfad, "Die Zahl der tätigen Personen darf nicht negativ sein (\(zahl)).")
            }
        },
        Regel(
            "GEW-BES-003", "Zahl der tätigen Personen plausibel", rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 22)",
            schwere: .hinweis, feld: .beschaeftigte, feldpfad: "beschaeftigte"
        ) { anzeige, kontext in
            guard let b = anzeige.beschaeftigte, b.gesamt >= kontext.einstellungen.beschaeftigteHinweisAb else {
                return []
            }
            return [
                Treffer(
                    "beschaeftigte",
                    "\(b.gesamt) tätige Personen sind für eine Betriebsstätte ungewöhnlich viele; bitte prüfen.")
            ]
        },
        Regel(
            "GEW-BES-004", "Beschäftigte bei Einzelunternehmen ohne Inhaber gezählt",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 22: „ohne Inhaber“)", schwere: .hinweis,
            feld: .beschaeftigte, feldpfad: "beschaeftigte"
        ) { anzeige, _ in
            guard anzeige.rechtsformgruppe == .einzelunternehmen, anzeige.nebenerwerb == true,
                let b = anzeige.beschaeftigte, b.vollzeit == 1, (b.teilzeit ?? 0) == 0
            else { return [] }
            return [
                Treffer(
                    "beschaeftigte.vollzeit",
                    "Im Nebenerwerb ist eine Vollzeitkraft angegeben: Der Inhaber selbst wird nicht mitgezählt; bitte prüfen."
                )
            ]
        },
        Regel(
            "GEW-BTR-001", "Niederlassungsart und Reisegewerbe schließen sich aus",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Felder 23 „oder“ 24)", schwere: .fehler, feld: .reisegewerbe,
            feldpfad: "niederlassungsart, reisegewerbe"
        ) { anzeige, _ in
            anzeige.niederlassungsart != nil && anzeige.reisegewerbe == true
                ? [
                    Treffer(
                        "reisegewerbe",
                        "Die Anzeige wird entweder für eine Niederlassung (Feld 23) oder für ein Reisegewerbe (Feld 24) erstattet, nicht für beides."
                    )
                ]
                : []
        },
        Regel(
            "GEW-BTR-002", "Hauptniederlassung verschieden von der Betriebsstätte",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Felder 15, 16)", schwere: .fehler, feld: .hauptniederlassung,
            feldpfad: "hauptniederlassung.anschrift"
        ) { anzeige, _ in
            guard anzeige.istZweigbetrieb, let haupt = anzeige.hauptniederlassung?.anschrift,
                let staette = anzeige.betriebsstaette?.anschrift,
                fehlendeAnschriftsteile(haupt).isEmpty, haupt.vergleichsschluessel == staette.vergleichsschluessel
            else { return [] }
            return [
                Treffer(
                    "hauptniederlassung.anschrift",
                    "Die Hauptniederlassung hat dieselbe Anschrift wie die Betriebsstätte; bei einer Zweigniederlassung müssen sie verschieden sein."
                )
            ]
        },
        Regel(
            "GEW-BTR-003", "Hauptniederlassung nur bei Zweigbetrieben",
            rechtsgrundlage: "GewAnzV Anlagen 1-3 (Feld 16)",
            schwere: .hinweis, feld: .hauptniederlassung, feldpfad: "hauptniederlassung"
        ) { anzeige, _ in
            anzeige.niederlassungsart == .hauptniederlassung && anzeige.hauptniederlassung?.anschrift != nil
                ? [
                    Treffer(
                        "hauptniederlassung",
                        "Feld 16 ist nur auszufüllen, wenn die Betriebsstätte eine Zweigniederlassung oder unselbständige Zweigstelle ist."
                    )
                ]
                : []
        },
        Regel(
            "GEW-BTR-004", "Gemeinde im Zuständigkeitsbereich der Behörde",
            rechtsgrundlage:
                "§ 14 Abs. 1 Satz 1 GewO („der für den betreffenden Ort zuständigen Behörde“); § 155 Abs. 2 GewO mit Landesrecht",
            schwere: .fehler, feld: .kopf, feldpfad: "gemeindeschluessel"
        ) { anzeige, kontext in
            guard let zustaendig = kontext.zustaendigeGemeinden, let ags = anzeige.gemeindeschluessel?.nichtLeer,
                AGS.istGueltig(ags), !zustaendig.contains(ags)
            else { return [] }
            return [
                Treffer(
                    "gemeindeschluessel",
                    "Für die Gemeinde \(ags) ist diese Behörde nicht zuständig; die Anzeige ist bei der Gemeinde der Betriebsstätte zu erstatten."
                )
            ]
        },
        Regel(
            "GEW-BTR-005", "Nur Felder des verwendeten Vordrucks",
            rechtsgrundlage: "§ 1 GewAnzV (Anlage 1 Beginn, Anlage 2 Verlegung/Wechsel/Ausdehnung, Anlage 3 Aufgabe)",
            schwere: .fehler, feld: .kopf, feldpfad: "(formularfremde Felder)"
        ) { anzeige, _ in
            var fremd: [(String, Bool)] = []
            switch anzeige.meldeart {
            case .anmeldung:
                fremd = [
                    ("datumAenderung", anzeige.datumAenderung != nil), ("datumAufgabe", anzeige.datumAufgabe != nil),
                    ("gruendeUmmeldung", anzeige.gruendeUmmeldung != nil),
                    ("sonstigeGruendeUmmeldung", anzeige.sonstigeGruendeUmmeldung != nil),
                    ("grundAbmeldung", anzeige.grundAbmeldung != nil),
                    ("kuenftigerInhaber", anzeige.kuenftigerInhaber != nil),
                    ("kuenftigeBetriebsstaette", anzeige.kuenftigeBetriebsstaette != nil),
                    ("gruendeBetriebsaufgabe", anzeige.gruendeBetriebsaufgabe != nil),
                    ("ursacheAbmeldung", anzeige.ursacheAbmeldung != nil),
                    ("vonAmtsWegen", anzeige.vonAmtsWegen == true),
                ]
            case .ummeldung:
                fremd = [
                    ("beginn", anzeige.beginn != nil), ("datumAufgabe", anzeige.datumAufgabe != nil),
                    ("grundAnmeldung", anzeige.grundAnmeldung != nil),
                    ("grundAbmeldung", anzeige.grundAbmeldung != nil),
                    ("fruehererInhaber", anzeige.fruehererInhaber != nil),
                    ("kuenftigerInhaber", anzeige.kuenftigerInhaber != nil),
                    ("bisherigeUnfallversicherung", anzeige.bisherigeUnfallversicherung != nil),
                    ("kuenftigeBetriebsstaette", anzeige.kuenftigeBetriebsstaette != nil),
                    ("gruendeBetriebsaufgabe", anzeige.gruendeBetriebsaufgabe != nil),
                    ("ursacheAbmeldung", anzeige.ursacheAbmeldung != nil),
                    ("herkunft", anzeige.herkunft != nil), ("vonAmtsWegen", anzeige.vonAmtsWegen == true),
                ]
            case .abmeldung:
                fremd = [
                    ("beginn", anzeige.beginn != nil), ("datumAenderung", anzeige.datumAenderung != nil),
                    ("grundAnmeldung", anzeige.grundAnmeldung != nil),
                    ("gruendeUmmeldung", anzeige.gruendeUmmeldung != nil),
                    ("sonstigeGruendeUmmeldung", anzeige.sonstigeGruendeUmmeldung != nil),
                    ("fruehererInhaber", anzeige.fruehererInhaber != nil),
                    ("bisherigeUnfallversicherung", anzeige.bisherigeUnfallversicherung != nil),
                    ("fruehereBetriebsstaette", anzeige.fruehereBetriebsstaette != nil),
                    ("herkunft", anzeige.herkunft != nil),
                    ("erlaubnis", anzeige.erlaubnis != nil), ("handwerkskarte", anzeige.handwerkskarte != nil),
                ]
            }
            return fremd.filter(\.1).map { name, _ in
                Treffer(
                    name,
                    "Das Feld „\(name)“ gehört nicht zum Vordruck \(anzeige.meldeart.formular) (\(anzeige.meldeart.bezeichnung))."
                )
            }
        },
        Regel(
            "GEW-BTR-006", "Art des Betriebes passt zum Wirtschaftszweig",
            rechtsgrundlage: "GewAnzV Anlagen 1, 3 (Feld 21); WZ 2008 Abschnitte C und G", schwere: .hinweis,
            meldearten: [.anmeldung, .abmeldung], feld: .betriebsart, feldpfad: "betriebsart"
        ) { anzeige, _ in
            guard let betriebsart = anzeige.betriebsart, betriebsart.irgendeine, let wz = anzeige.schwerpunkt?.wz,
                let code = wz.code, let abschnitt = WZVerzeichnis.abschnitt(code, version: wz.version)
            else { return [] }
            // WZ 2008 puts the repair of motor vehicles (45.20: Werkstatt, Lackierung, Waschanlage)
            // into Abschnitt G; that is no trade (WZ 2025 moved it to Abschnitt T).
            let kfzInstandhaltung = wz.version == .wz2008 && WZVerzeichnis.gepunktet(code).hasPrefix("45.20")
            if abschnitt == "G", !kfzInstandhaltung, betriebsart.handel != true {
                return [
                    Treffer(
                        "betriebsart.handel",
                        "Die Haupttätigkeit gehört zum Handel (WZ-Abschnitt G), „Handel“ ist aber nicht angekreuzt.")
                ]
            }
            if abschnitt == "C", betriebsart.industrie != true, betriebsart.handwerk != true {
                return [
                    Treffer(
                        "betriebsart",
                        "Die Haupttätigkeit gehört zum Verarbeitenden Gewerbe (WZ-Abschnitt C); angekreuzt ist weder „Industrie“ noch „Handwerk“."
                    )
                ]
            }
            return []
        },
        Regel(
            "GEW-BTR-007", "Verlegung innerhalb der Gemeinde ändert die Anschrift",
            rechtsgrundlage: "§ 14 Abs. 1 Satz 2 Nr. 1 GewO; GewAnzV Anlage 2 (Felder 15, 17)", schwere: .fehler,
            meldearten: [.ummeldung], feld: .fruehereBetriebsstaette, feldpfad: "fruehereBetriebsstaette.anschrift"
        ) { anzeige, _ in
            guard (anzeige.gruendeUmmeldung ?? []).contains(.verlegungInnerhalb),
                let alt = anzeige.fruehereBetriebsstaette?.anschrift, let neu = anzeige.betriebsstaette?.anschrift,
                fehlendeAnschriftsteile(alt).isEmpty, alt.vergleichsschluessel == neu.vergleichsschluessel
            else { return [] }
            return [
                Treffer(
                    "fruehereBetriebsstaette.anschrift",
                    "Frühere und neue Betriebsstätte haben dieselbe Anschrift; eine Verlegung liegt nicht vor.")
            ]
        },
        Regel(
            "GEW-BTR-008", "Künftige Betriebsstätte bei Verlegung in einen anderen Meldebezirk",
            rechtsgrundlage: "GewAnzV Anlage 3 (Feld 17)", schwere: .fehler, meldearten: [.abmeldung],
            feld: .kuenftigeBetriebsstaette, feldpfad: "kuenftigeBetriebsstaette.anschrift"
        ) { anzeige, _ in
            guard anzeige.grundAbmeldung == .verlegungInAnderenMeldebezirk else { return [] }
            let fehlend = fehlendeAnschriftsteile(anzeige.kuenftigeBetriebsstaette?.anschrift)
            return fehlend.isEmpty
                ? []
                : [
                    Treffer(
                        "kuenftigeBetriebsstaette.anschrift",
                        "Bei Verlegung in einen anderen Meldebezirk ist die künftige Betriebsstätte anzugeben (fehlt: \(fehlend.joined(separator: ", ")))."
                    )
                ]
        },
        Regel(
            "GEW-BTR-009", "Verlegung aus anderem Meldebezirk: bisherige Gemeinde",
            rechtsgrundlage:
                "§ 14 Abs. 1 GewO (Rückmeldeverfahren seit 1. November 2025); GewAnzV Anlage 1 (Felder 17, 25)",
            schwere: .fehler, meldearten: [.anmeldung], feld: .fruehereBetriebsstaette,
            feldpfad: "herkunft.gemeindeschluessel"
        ) { anzeige, _ in
            guard anzeige.grundAnmeldung == .verlegungAusAnderemMeldebezirk else { return [] }
            guard let herkunft = anzeige.herkunft?.gemeindeschluessel?.nichtLeer else {
                return [
                    Treffer(
                        "herkunft.gemeindeschluessel",
                        "Bei einer Verlegung aus einem anderen Meldebezirk ist die bisherige Gemeinde (AGS) anzugeben, damit die Rückmeldung an die bisherige Behörde gehen kann."
                    )
                ]
            }
            if herkunft == anzeige.gemeindeschluessel {
                return [
                    Treffer(
                        "herkunft.gemeindeschluessel",
                        "Die bisherige Gemeinde ist dieselbe: Eine Verlegung innerhalb der Gemeinde ist eine Ummeldung (GewA 2), keine Anmeldung."
                    )
                ]
            }
            return []
        },
        Regel(
            "GEW-BTR-010", "Wechsel der Rechtsform ist Ab- und Anmeldung, keine Ummeldung",
            rechtsgrundlage:
                "§ 14 Abs. 1 GewO; GewAnzV Anlage 1 Feld 25 und Anlage 3 Felder 25/26 („Wechsel der Rechtsform“)",
            schwere: .fehler, meldearten: [.ummeldung], feld: .name, feldpfad: "inhaber.rechtsform"
        ) { anzeige, kontext in
            guard let neu = anzeige.inhaber?.rechtsform?.nichtLeer,
                let alt = kontext.betriebZustand?.angaben.inhaber?.rechtsform,
                neu != alt
            else { return [] }
            return [
                Treffer(
                    "inhaber.rechtsform",
                    "Die Rechtsform ändert sich (\(alt) → \(neu)): Das ist eine Abmeldung („Wechsel der Rechtsform“) und eine Anmeldung des neuen Rechtsträgers, keine Ummeldung."
                )
            ]
        },
        Regel(
            "GEW-BTR-011", "Ummeldung ändert etwas", rechtsgrundlage: "§ 14 Abs. 1 Satz 2 Nr. 1 und 2 GewO",
            schwere: .fehler, meldearten: [.ummeldung], feld: .gruendeUmmeldung, feldpfad: "gruendeUmmeldung"
        ) { anzeige, kontext in
            guard let zustand = kontext.betriebZustand else { return [] }
            let alt = zustand.angaben
            let gruende = Set(anzeige.gruendeUmmeldung ?? [])
            var result: [Treffer] = []
            if gruende.contains(.verlegungInnerhalb), let neu = anzeige.betriebsstaette?.anschrift,
                let bisher = alt.betriebsstaette?.anschrift, neu.vergleichsschluessel == bisher.vergleichsschluessel
            {
                result.append(
                    Treffer(
                        "betriebsstaette.anschrift",
                        "Als Grund ist eine Verlegung angegeben, die Anschrift der Betriebsstätte ist aber unverändert.",
                        feld: .betriebsstaette))
            }
            let taetigkeitsGruende: Set<GrundUmmeldung> = [
                .wechselDerTaetigkeit, .ausdehnungDerTaetigkeit, .einschraenkungDerTaetigkeit,
            ]
            if !gruende.isDisjoint(with: taetigkeitsGruende) {
                let neu = Set((anzeige.taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer?.lowercased() })
                let bisher = Set((alt.taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer?.lowercased() })
                if !neu.isEmpty, neu == bisher {
                    result.append(
                        Treffer(
                            "taetigkeiten",
                            "Als Grund ist eine Änderung der Tätigkeit angegeben, die Tätigkeiten sind aber unverändert.",
                            feld: .taetigkeit))
                }
            }
            if gruende.contains(.namensaenderung) {
                let neuName = anzeige.inhaber?.name ?? anzeige.personen?.first?.familienname
                let altName = anzeige.inhaber?.name != nil ? alt.inhaber?.name : alt.personen?.first?.familienname
                if let neuName, neuName == altName {
                    result.append(
                        Treffer(
                            "inhaber.name",
                            "Als Grund ist eine Namensänderung angegeben, der Name ist aber unverändert.", feld: .name))
                }
            }
            return result
        },
        Regel(
            "GEW-BTR-012", "Wechsel oder Ausdehnung: neue Tätigkeit gekennzeichnet",
            rechtsgrundlage: "GewAnzV Anlage 2 (Feld 18 neu ausgeübte, Feld 19 weiterhin ausgeübte Tätigkeit)",
            schwere: .fehler, meldearten: [.ummeldung], feld: .taetigkeit, feldpfad: "taetigkeiten[].status"
        ) { anzeige, _ in
            let gruende = Set(anzeige.gruendeUmmeldung ?? [])
            guard !gruende.isDisjoint(with: [.wechselDerTaetigkeit, .ausdehnungDerTaetigkeit]),
                !(anzeige.taetigkeiten ?? []).contains(where: { $0.status == .neu })
            else { return [] }
            return [
                Treffer(
                    "taetigkeiten",
                    "Bei Wechsel oder Ausdehnung der Tätigkeit ist die neu ausgeübte Tätigkeit (Feld 18, Status „neu“) anzugeben."
                )
            ]
        },
        Regel(
            "GEW-BTR-013", "Tätigkeit unterliegt nicht der Gewerbeordnung",
            rechtsgrundlage: "§ 6 Abs. 1 GewO; § 14 Abs. 1 GewO (Anzeigepflicht nur für ein Gewerbe)",
            schwere: .hinweis,
            meldearten: [.anmeldung], feld: .taetigkeit, feldpfad: "taetigkeiten[]"
        ) { anzeige, _ in
            guard let schwerpunkt = anzeige.schwerpunkt,
                let tatbestand = Fachlisten.keinGewerbe(fuer: schwerpunkt).first,
                let index = anzeige.taetigkeiten?.firstIndex(of: schwerpunkt)
            else { return [] }
            return [
                Treffer(
                    "taetigkeiten[\(index)]",
                    "Die Haupttätigkeit deutet auf \(tatbestand.grund) hin; darauf ist die Gewerbeordnung nicht anzuwenden bzw. es liegt kein Gewerbe vor (\(tatbestand.norm)). Eine Gewerbeanzeige ist dann nicht zu erstatten; bitte klären."
                )
            ]
        },
        Regel(
            "GEW-BTR-014", "Betriebsstätte im Inland",
            rechtsgrundlage:
                "§ 14 Abs. 1 Satz 1 GewO (Anzeige bei der Behörde des Orts der Betriebsstätte); § 4 Abs. 1 GewO (vorübergehende Tätigkeit aus dem EU-/EWR-Ausland: keine Anzeige)",
            schwere: .fehler, feld: .betriebsstaette, feldpfad: "betriebsstaette.anschrift.staat"
        ) { anzeige, _ in
            guard anzeige.reisegewerbe != true, let anschrift = anzeige.betriebsstaette?.anschrift, !anschrift.istInland
            else { return [] }
            return [
                Treffer(
                    "betriebsstaette.anschrift.staat",
                    "Die Betriebsstätte liegt nicht in Deutschland („\(anschrift.staat ?? "")“); anzuzeigen ist eine Betriebsstätte im Bezirk der Behörde. Eine Niederlassung im Ausland ist hier nicht anzuzeigen (bei Zweigstellen: Feld 16 Hauptniederlassung)."
                )
            ]
        },
    ]
}
