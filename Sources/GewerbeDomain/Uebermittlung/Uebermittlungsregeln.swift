import Foundation

/// The catalogue of transmission rules (docs/uebermittlung.md), in the order of the XGewO message
/// catalogue. Section 14 Abs. 8 Satz 2 GewO limits every transmission to what the recipient needs
/// for its task: the rules send an Anzeige to a body with a narrow task (HWK, Registergericht,
/// Lebensmittelueberwachung, Erlaubnisbehoerde, Auslaenderbehoerde, Zoll) only when the Anzeige
/// concerns that task, and to the bodies of section 3 Abs. 1 GewAnzV with a general task always.
public enum Uebermittlungsregeln {
    /// The id under which a Verteilplattform message stands in for the others.
    public static let verteilplattformID = "UEB-ALG-001"
    /// The id of the Datenaktualisierung after a Berichtigung.
    public static let datenaktualisierungID = "UEB-DAT-001"

    /// The rules that choose a recipient.
    public static let alle: [Uebermittlungsregel] = [
        .init(
            "UEB-STA-001", "Statistik: jede An- und Abmeldung",
            rechtsgrundlage: "§ 14 Abs. 13 GewO; § 3 Abs. 2 GewAnzV", empfaenger: .statistik,
            meldearten: [.anmeldung, .abmeldung]
        ) { _ in "Monatliche Gewerbeanzeigenstatistik (Bundesstatistik)." },
        .init(
            "UEB-STA-002", "Statistik: jede Ummeldung (Statistikregister)",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 9 GewO; § 3 Abs. 2 GewAnzV", empfaenger: .statistik,
            meldearten: [.ummeldung]
        ) { _ in "Verlegung oder Wechsel des Gegenstands: Führung des Statistikregisters." },
        .init(
            "UEB-IHK-001", "IHK: jede Anzeige",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 1 GewO; § 3 Abs. 1 Nr. 1 GewAnzV", empfaenger: .ihk
        ) { _ in "Kammerzugehörigkeit und Beiträge (§§ 2, 3 IHKG); auch Handwerker mit nichthandwerklichem Teil." },
        .init(
            "UEB-HWK-001", "HWK: nur Handwerk und handwerksähnliche Gewerbe",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 2 und Satz 2 GewO; § 3 Abs. 1 Nr. 2 GewAnzV; §§ 6, 19, 91 HwO",
            empfaenger: .hwk
        ) { lage in lage.angaben.lazy.compactMap(Merkmale.handwerk).first },
        .init(
            "UEB-EA-001", "Eichbehörde: jede Anzeige",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 4 GewO; § 3 Abs. 1 Nr. 5 GewAnzV", empfaenger: .eichbehoerde
        ) { _ in "Aufgaben nach dem Mess- und Eichgesetz (nur die Felder des § 3 Abs. 1 Nr. 5 GewAnzV)." },
        .init(
            "UEB-DGU-001", "DGUV: jede Anzeige",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 6 GewO; § 3 Abs. 1 Nr. 7 GewAnzV", empfaenger: .dguv
        ) { _ in "Weiterleitung an die zuständige Berufsgenossenschaft." },
        .init(
            "UEB-RG-001",
            "Registergericht: Abmeldung einer im Handels- oder Genossenschaftsregister eingetragenen Niederlassung",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 8 GewO; § 3 Abs. 1 Nr. 8 GewAnzV; § 388 Abs. 1 FamFG; § 160 GenG",
            empfaenger: .registergericht, meldearten: [.abmeldung]
        ) { lage in Merkmale.registrierteNiederlassung(lage) },
        .init(
            "UEB-FA-001", "Finanzamt: jede Anzeige",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 13 GewO (Finanzämter nach §§ 22, 138 AO)", empfaenger: .finanzamt
        ) { _ in
            "Steuerliche Erfassung (§§ 22, 138 AO); die Anzeige ersetzt den Fragebogen des Gewerbetreibenden nicht."
        },
        .init(
            "UEB-ZV-001", "Zoll: Anmeldung mit Anhaltspunkten für Verstöße (Verdachtsmoment)",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 7 GewO; § 3 Abs. 3 GewAnzV", empfaenger: .zoll,
            meldearten: [.anmeldung]
        ) { lage in
            lage.anhaltspunkteZoll?.nichtLeer == nil
                ? nil
                : "Das Amt hat Anhaltspunkte für Verstöße gegen SchwarzArbG, SGB III oder AÜG festgestellt."
        },
        .init(
            "UEB-ZV-002", "Zoll: jede Anmeldung, wo das Land es so vereinbart hat",
            rechtsgrundlage: "§ 3 Abs. 3 Satz 2 GewAnzV (Verwaltungsvereinbarung); Konfiguration", empfaenger: .zoll,
            meldearten: [.anmeldung]
        ) { lage in
            guard lage.einstellungen.zoll == .jedeAnmeldung, lage.anhaltspunkteZoll?.nichtLeer == nil else {
                return nil
            }
            return "Landespraxis: jede Anmeldung geht an den Zoll, hier ohne Verdachtsmoment."
        },
        .init(
            "UEB-IS-001", "Immissionsschutzbehörde: jede Anzeige",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 3 GewO; § 3 Abs. 1 Nr. 3 GewAnzV", empfaenger: .immissionsschutz
        ) { _ in "Durchführung immissionsschutzrechtlicher Vorschriften." },
        .init(
            "UEB-AS-001", "Arbeitsschutzbehörde: jede Anzeige",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 3a GewO; § 3 Abs. 1 Nr. 4 GewAnzV", empfaenger: .arbeitsschutz
        ) { _ in "Technischer und sozialer Arbeitsschutz einschließlich Entgeltschutz nach dem Heimarbeitsgesetz." },
        .init(
            "UEB-LUE-001", "Lebensmittelüberwachung: nur Betriebe mit Lebensmitteln, Tabak, Futtermitteln oder Tieren",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 10 und Satz 2 GewO; § 3 Abs. 1 Nr. 9 GewAnzV",
            empfaenger: .lebensmittelueberwachung
        ) { lage in lage.angaben.lazy.compactMap(Merkmale.lebensmittel).first },
        .init(
            "UEB-ERL-001", "Erlaubnisbehörde: nur erlaubnispflichtige Tätigkeiten",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 14 und Satz 2 GewO; §§ 29 ff. GewO", empfaenger: .erlaubnisbehoerde
        ) { lage in lage.angaben.lazy.compactMap(Merkmale.erlaubnis).first },
        .init(
            "UEB-ABH-001", "Ausländerbehörde: nur Personen, die einen Aufenthaltstitel brauchen",
            rechtsgrundlage: "§ 14 Abs. 8 Satz 1 Nr. 12 und Satz 2 GewO; §§ 4a, 21 AufenthG",
            empfaenger: .auslaenderbehoerde
        ) { lage in lage.angaben.lazy.compactMap(Merkmale.aufenthaltstitel).first },
        .init(
            "UEB-RMV-001", "Rückmeldung an das Gewerbeamt der früheren Gemeinde außerhalb dieser Instanz",
            rechtsgrundlage: "§ 14 Abs. 1 GewO (Rückmeldeverfahren seit 1. November 2025)", empfaenger: .gewerbeamt,
            meldearten: [.anmeldung]
        ) { lage in
            guard !lage.herkunftInInstanz, let ags = Einreichung.herkunftAGS(lage.anzeige) else { return nil }
            return
                "Verlegung aus der Gemeinde \(ags), die nicht in diesem Verfahren geführt wird: sie meldet den Betrieb dort ab."
        },
    ]

    /// The rules of the procedure that choose no recipient of their own (the Verteilplattform,
    /// the Datenaktualisierung), for the catalogue in docs/uebermittlung.md.
    public static let verfahren: [(id: String, titel: String, rechtsgrundlage: String, empfaenger: String)] = [
        (
            verteilplattformID, "Verteilplattform: eine Nachricht statt einer je Empfänger",
            "§ 3 Abs. 4 GewAnzV; Konfiguration (das Land betreibt eine Verteilplattform)",
            "Verteilplattform (alg)"
        ),
        (
            datenaktualisierungID,
            "Berichtigung nach der Übermittlung: Datenaktualisierung an die Empfänger der ersten Nachricht",
            "§ 14 Abs. 8 Satz 1 GewO (Richtigkeit der übermittelten Daten); XGewO Datenaktualisierung",
            "wie die erste Nachricht"
        ),
    ]
}

/// The features of an Anzeige the rules look for, each with the reason it gives.
enum Merkmale {
    static func handwerk(_ anzeige: Anzeige) -> String? {
        if anzeige.betriebsart?.handwerk == true { return "Art des Betriebes: Handwerk." }
        if anzeige.handwerkskarte?.liegtVor == true { return "Eine Handwerkskarte ist angegeben." }
        if let handwerk = (anzeige.taetigkeiten ?? []).lazy.flatMap(Fachlisten.anlageA).first {
            return "Die Tätigkeit gehört zum Handwerk „\(handwerk.bezeichnung)“ (Anlage A Nr. \(handwerk.nummer) HwO)."
        }
        return nil
    }

    static func lebensmittel(_ anzeige: Anzeige) -> String? {
        guard let taetigkeit = (anzeige.taetigkeiten ?? []).first(where: Fachlisten.istLebensmittelbezogen) else {
            return nil
        }
        let was = taetigkeit.wz?.gepunktet.map { "WZ \($0)" } ?? "Tätigkeitsbeschreibung"
        return "Die Tätigkeit betrifft Lebensmittel, Tabak, Futtermittel oder Tiere (\(was))."
    }

    static func erlaubnis(_ anzeige: Anzeige) -> String? {
        if let tatbestand = (anzeige.taetigkeiten ?? []).lazy.flatMap(Fachlisten.erlaubnisse).first {
            return "Die Tätigkeit ist erlaubnispflichtig: \(tatbestand.bezeichnung) (\(tatbestand.norm))."
        }
        if anzeige.erlaubnis?.liegtVor == true { return "Eine Erlaubnis ist angegeben." }
        return nil
    }

    static func aufenthaltstitel(_ anzeige: Anzeige) -> String? {
        for (index, person) in (anzeige.personen ?? []).enumerated()
        where RegelnPersonen.brauchtAufenthaltstitel(person) || person.aufenthaltstitel?.liegtVor != nil {
            return
                "personen[\(index)]: keine Staatsangehörigkeit eines EU-/EWR-Staates oder der Schweiz (Aufenthaltstitel)."
        }
        return nil
    }

    /// Whether an Abmeldung ends a Haupt- or Zweigniederlassung entered in the Handels- or
    /// Genossenschaftsregister (not the Partnerschafts- or Vereinsregister; not an unselbstaendige
    /// Zweigstelle, which is never entered).
    static func registrierteNiederlassung(_ lage: Uebermittlungslage) -> String? {
        let register = lage.angaben.lazy.compactMap { $0.inhaber?.register }.first { $0.art != nil }
        guard let register, let art = register.art, [.hra, .hrb, .gnr].contains(art) else { return nil }
        let niederlassung = lage.angaben.lazy.compactMap(\.niederlassungsart).first
        guard niederlassung != .unselbstaendigeZweigstelle else { return nil }
        let nummer = register.nummer?.nichtLeer.map { " \($0)" } ?? ""
        return "Eingetragen im \(art.bezeichnung)\(nummer): Richtigkeit des Registers."
    }
}
