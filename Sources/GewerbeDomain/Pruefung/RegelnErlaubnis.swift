import Foundation

/// Permits and Handwerk: the Anzeige is received in any case (VGH BW 6 S 1590/06), but the office
/// must follow up when a permit or a Handwerksrolle entry is missing.
enum RegelnErlaubnis {
    static let gastroStichwoerter = Stichwoerter.falte([
        "gaststätte", "gaststaette", "restaurant", "kneipe", "schankwirtschaft", "bar ", "bistro", "café", "cafe",
    ])

    static let alle: [Regel] = [
        Regel(
            "GEW-ERL-001", "Erlaubnispflichtige Tätigkeit ohne Erlaubnis",
            rechtsgrundlage:
                "§ 15 Abs. 2 GewO; §§ 30, 33a, 33c, 33d, 33i, 34, 34a-34d, 34f, 34h, 34i GewO; § 2 PBefG; § 1 AÜG; § 12 ProstSchG; § 21 WaffG; GewAnzV Anlage 1 (Feld 28), Anlage 2 (Feld 25)",
            schwere: .hinweis, meldearten: [.anmeldung, .ummeldung], feld: .erlaubnis, feldpfad: "erlaubnis"
        ) { anzeige, _ in
            let betroffen = (anzeige.taetigkeiten ?? []).filter { $0.status != .weiterhin }.flatMap(
                Fachlisten.erlaubnisse)
            guard !betroffen.isEmpty, anzeige.erlaubnis?.liegtVor != true else { return [] }
            let normen = Array(Set(betroffen.map(\.norm))).sorted().joined(separator: ", ")
            let art = betroffen.map(\.bezeichnung).first ?? ""
            let zustand = anzeige.erlaubnis?.liegtVor == false ? "liegt nach Angabe nicht vor" : "ist nicht angegeben"
            return [
                Treffer(
                    "erlaubnis",
                    "Die Tätigkeit (\(art)) ist erlaubnispflichtig (\(normen)); die Erlaubnis \(zustand). Anzeige annehmen, Erlaubnis nachfordern bzw. Erlaubnisbehörde unterrichten."
                )
            ]
        },
        Regel(
            "GEW-ERL-002", "Erlaubnis: Ausstellungsdatum und Behörde bei „ja“",
            rechtsgrundlage:
                "GewAnzV Anlage 1 (Feld 28: „ja, Ausstellungsdatum und erteilende Behörde“), Anlage 2 (Feld 25)",
            schwere: .fehler, meldearten: [.anmeldung, .ummeldung], feld: .erlaubnis, feldpfad: "erlaubnis"
        ) { anzeige, _ in
            guard let erlaubnis = anzeige.erlaubnis, erlaubnis.liegtVor == true else { return [] }
            var result: [Treffer] = []
            if erlaubnis.ausgestelltAm == nil {
                result.append(Treffer("erlaubnis.ausgestelltAm", "Das Ausstellungsdatum der Erlaubnis fehlt."))
            }
            if erlaubnis.ausgestelltVon.istLeer {
                result.append(Treffer("erlaubnis.ausgestelltVon", "Die Behörde, die die Erlaubnis erteilt hat, fehlt."))
            }
            return result
        },
        Regel(
            "GEW-ERL-003", "Reisegewerbe: Reisegewerbekarte",
            rechtsgrundlage:
                "§ 55c GewO (Anzeige nur für reisegewerbekartenfreie Tätigkeiten nach § 55a Abs. 1 Nr. 3, 9, 10); § 55 Abs. 2 GewO (Reisegewerbekarte)",
            schwere: .hinweis, meldearten: [.anmeldung, .ummeldung], feld: .reisegewerbe, feldpfad: "reisegewerbe"
        ) { anzeige, _ in
            guard anzeige.reisegewerbe == true, anzeige.erlaubnis?.liegtVor != true else { return [] }
            return [
                Treffer(
                    "reisegewerbe",
                    "Angezeigt wird ein Reisegewerbe: Die Anzeige nach § 55c GewO gilt nur für Tätigkeiten, die nach § 55a Abs. 1 Nr. 3, 9 oder 10 GewO keine Reisegewerbekarte brauchen; sonst ist eine Reisegewerbekarte (§ 55 Abs. 2 GewO) zu beantragen. Bitte prüfen."
                )
            ]
        },
        Regel(
            "GEW-ERL-004", "Gaststätte in Hessen: Gaststättenanzeige",
            rechtsgrundlage: "§ 2 Hessisches Gaststättengesetz (Anzeige bei Ausschank alkoholischer Getränke)",
            schwere: .hinweis, meldearten: [.anmeldung, .ummeldung], feld: .taetigkeit,
            feldpfad: "taetigkeiten[].wz.code"
        ) { anzeige, _ in
            guard anzeige.gemeindeschluessel?.hasPrefix("06") == true else { return [] }
            let gastro = (anzeige.taetigkeiten ?? []).contains { taetigkeit in
                let code = taetigkeit.wz?.gepunktet ?? ""
                return code.hasPrefix("56.1") || code.hasPrefix("56.3")
                    || Suchtext(taetigkeit.beschreibung ?? "").enthaeltEines(gastroStichwoerter)
            }
            return gastro
                ? [
                    Treffer(
                        "taetigkeiten",
                        "Gaststättenbetrieb: Bei Ausschank alkoholischer Getränke ist zusätzlich die Gaststättenanzeige nach dem Hessischen Gaststättengesetz zu erstatten."
                    )
                ]
                : []
        },
        Regel(
            "GEW-HWK-001", "Handwerk der Anlage A ohne Handwerkskarte",
            rechtsgrundlage:
                "§ 1 Abs. 1, § 7 HwO (Eintragung in die Handwerksrolle); Anlage A HwO; GewAnzV Anlage 1 (Feld 29), Anlage 2 (Feld 26)",
            schwere: .hinweis, meldearten: [.anmeldung, .ummeldung], feld: .handwerkskarte, feldpfad: "handwerkskarte"
        ) { anzeige, _ in
            let handwerke = (anzeige.taetigkeiten ?? []).filter { $0.status != .weiterhin }.flatMap(Fachlisten.anlageA)
            guard let handwerk = handwerke.first, anzeige.handwerkskarte?.liegtVor != true else { return [] }
            let zustand =
                anzeige.handwerkskarte?.liegtVor == false ? "liegt nach Angabe nicht vor" : "ist nicht angegeben"
            return [
                Treffer(
                    "handwerkskarte",
                    "Die Tätigkeit gehört zum zulassungspflichtigen Handwerk „\(handwerk.bezeichnung)“ (Anlage A Nr. \(handwerk.nummer) HwO); die Handwerkskarte \(zustand). Handwerkskammer unterrichten."
                )
            ]
        },
        Regel(
            "GEW-HWK-002", "Handwerkskarte: Ausstellungsdatum und Handwerkskammer bei „ja“",
            rechtsgrundlage:
                "GewAnzV Anlage 1 (Feld 29: „ja, Ausstellungsdatum und Name der Handwerkskammer“), Anlage 2 (Feld 26)",
            schwere: .fehler, meldearten: [.anmeldung, .ummeldung], feld: .handwerkskarte, feldpfad: "handwerkskarte"
        ) { anzeige, _ in
            guard let karte = anzeige.handwerkskarte, karte.liegtVor == true else { return [] }
            var result: [Treffer] = []
            if karte.ausgestelltAm == nil {
                result.append(
                    Treffer("handwerkskarte.ausgestelltAm", "Das Ausstellungsdatum der Handwerkskarte fehlt."))
            }
            if karte.ausgestelltVon.istLeer {
                result.append(Treffer("handwerkskarte.ausgestelltVon", "Der Name der Handwerkskammer fehlt."))
            }
            return result
        },
        Regel(
            "GEW-HWK-003", "Handwerk der Anlage A: Art des Betriebes „Handwerk“",
            rechtsgrundlage: "GewAnzV Anlage 1, 3 (Feld 21); Anlage A HwO", schwere: .hinweis,
            meldearten: [.anmeldung], feld: .betriebsart, feldpfad: "betriebsart.handwerk"
        ) { anzeige, _ in
            guard let betriebsart = anzeige.betriebsart, betriebsart.irgendeine, betriebsart.handwerk != true,
                let handwerk = (anzeige.taetigkeiten ?? []).flatMap(Fachlisten.anlageA).first
            else { return [] }
            return [
                Treffer(
                    "betriebsart.handwerk",
                    "Die Tätigkeit gehört zum Handwerk „\(handwerk.bezeichnung)“, als Art des Betriebes ist „Handwerk“ aber nicht angekreuzt."
                )
            ]
        },
    ]
}
