import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// Rows for Rechtsform vs register and firm name (GEW-RF-*).
enum RegelfaelleRechtsform {
    static let faelle: [Regelfall] = [
        feuert("GEW-RF-001", .fehler, "inhaber.register", feld: 2, "GmbH ohne Registereintrag", basis: .gmbh) {
            $0.inhaber?.register = nil
        },
        feuert("GEW-RF-001", .fehler, "inhaber.register", feld: 2, "e.K. ohne HRA", basis: .handwerk) {
            $0.inhaber?.register = nil
        },
        feuert("GEW-RF-001", .fehler, "inhaber.register", feld: 2, "eingetragener Verein ohne VR") {
            $0.inhaber = Inhaber(name: "Heimatverein Sontra e.V.", rechtsform: "590")
            $0.person { $0.funktion = .gesetzlicherVertreter }
            $0.anzahlVertretungsberechtigte = 1
        },
        still("GEW-RF-001", "GmbH in Gründung ohne Registernummer", basis: .gmbh) {
            $0.inhaber?.register = nil
            $0.inhaber?.inGruendung = true
        },
        still("GEW-RF-001", "GbR ohne Eintragung im Gesellschaftsregister (freiwillig)") { zuGbR(&$0) },

        feuert("GEW-RF-002", .fehler, "inhaber.register.art", feld: 2, "GmbH im HRA", basis: .gmbh) {
            $0.inhaber?.register?.art = .hra
            $0.inhaber?.register?.nummer = "2417"
        },
        feuert("GEW-RF-002", .fehler, "inhaber.register.art", feld: 2, "e.K. im HRB", basis: .handwerk) {
            $0.inhaber?.register?.art = .hrb
        },
        still("GEW-RF-002", "e.K. im HRA", basis: .handwerk),

        feuert(
            "GEW-RF-003", .fehler, "inhaber.register", feld: 2, "nicht eingetragenes Einzelunternehmen mit HRA-Nummer"
        ) {
            $0.inhaber?.register = Registereintrag(art: .hra, gericht: "Amtsgericht Eschwege", nummer: "1234")
        },
        feuert("GEW-RF-003", .fehler, "inhaber.register.art", feld: 2, "Stiftung im Vereinsregister") {
            $0.inhaber = Inhaber(
                name: "Stiftung Werratal", rechtsform: "611",
                register: Registereintrag(art: .vr, gericht: "Amtsgericht Eschwege", nummer: "113"))
            $0.person { $0.funktion = .gesetzlicherVertreter }
            $0.anzahlVertretungsberechtigte = 1
        },
        still("GEW-RF-003", "GbR im Gesellschaftsregister (eGbR)") {
            zuGbR(&$0)
            $0.inhaber?.name = "Weiß & Weiß eGbR"
            $0.inhaber?.register = Registereintrag(art: .gsr, gericht: "Amtsgericht Eschwege", nummer: "17")
        },
        still("GEW-RF-003", "Stiftung im Stiftungsverzeichnis") {
            $0.inhaber = Inhaber(
                name: "Stiftung Werratal", rechtsform: "611",
                register: Registereintrag(
                    art: .stiftungsverzeichnis, gericht: "Regierungspräsidium Kassel", nummer: "113"))
            $0.person { $0.funktion = .gesetzlicherVertreter }
            $0.anzahlVertretungsberechtigte = 1
        },

        feuert("GEW-RF-004", .hinweis, "inhaber.name", feld: 1, "GmbH-Firma ohne „GmbH“", basis: .gmbh) {
            $0.inhaber?.name = "Nordhessen Software"
        },
        feuert("GEW-RF-004", .hinweis, "inhaber.name", feld: 1, "e.K.-Firma ohne „e.K.“", basis: .handwerk) {
            $0.inhaber?.name = "Elektrotechnik Schäfer"
        },
        feuert(
            "GEW-RF-004", .hinweis, "inhaber.name", feld: 1, "UG ohne „(haftungsbeschränkt)“ (§ 5a Abs. 1 GmbHG)",
            basis: .gmbh
        ) {
            $0.inhaber?.rechtsform = "351"
            $0.inhaber?.name = "Nordhessen Software UG"
        },
        feuert("GEW-RF-004", .hinweis, "inhaber.name", feld: 1, "„Unternehmergesellschaft“ ohne Zusatz", basis: .gmbh) {
            $0.inhaber?.rechtsform = "351"
            $0.inhaber?.name = "Nordhessen Software Unternehmergesellschaft"
        },
        still("GEW-RF-004", "UG mit vollständigem Zusatz", basis: .gmbh) {
            $0.inhaber?.rechtsform = "351"
            $0.inhaber?.name = "Nordhessen Software UG (haftungsbeschränkt)"
        },
        still("GEW-RF-004", "gemeinnützige GmbH", basis: .gmbh) { $0.inhaber?.name = "Nordhessen Software gGmbH" },
        still("GEW-RF-004", "GbR braucht keinen Zusatz") {
            zuGbR(&$0)
            $0.inhaber?.name = "Weiß & Weiß"
        },

        feuert("GEW-RF-005", .fehler, "geschaeftsbezeichnung", feld: 3, "Kleingewerbe nennt sich GmbH") {
            $0.geschaeftsbezeichnung = "Änderungsschneiderei Weiß GmbH"
        },
        feuert(
            "GEW-RF-005", .fehler, "geschaeftsbezeichnung", feld: 3,
            "Kleingewerbe nennt sich e.K. (§ 19 HGB nur für Eingetragene)"
        ) {
            $0.geschaeftsbezeichnung = "Schneiderei Weiß e.K."
        },
        feuert("GEW-RF-005", .fehler, "inhaber.name", feld: 1, "UG firmiert als GmbH (§ 5a Abs. 1 GmbHG)", basis: .gmbh)
        {
            $0.inhaber?.rechtsform = "351"
        },
        still("GEW-RF-005", "„Tag“ enthält kein „AG“") { $0.geschaeftsbezeichnung = "Tagesbar Weiß" },
        still("GEW-RF-005", "„& Söhne“ ist kein Rechtsformzusatz") {
            $0.geschaeftsbezeichnung = "Weiß & Söhne Änderungsschneiderei"
        },

        feuert("GEW-RF-006", .hinweis, "inhaber.inGruendung", feld: 2, "GmbH in Gründung", basis: .gmbh) {
            $0.inhaber?.register = nil
            $0.inhaber?.inGruendung = true
            $0.inhaber?.name = "Nordhessen Software GmbH i.G."
        },
        feuert("GEW-RF-006", .hinweis, "inhaber.inGruendung", feld: 2, "„in Gründung“ beim Kleingewerbe ist sinnlos") {
            $0.inhaber?.inGruendung = true
        },
        still("GEW-RF-006", "GmbH eingetragen, inGruendung false", basis: .gmbh) { $0.inhaber?.inGruendung = false },

        feuert("GEW-RF-007", .fehler, "inhaber.weitereGesellschafter", feld: 1, "GbR ohne weitere Gesellschafter") {
            zuGbR(&$0)
            $0.inhaber?.weitereGesellschafter = nil
        },
        feuert("GEW-RF-007", .fehler, "inhaber.weitereGesellschafter", feld: 1, "GbR, Gesellschafter nur Leerzeichen") {
            zuGbR(&$0)
            $0.inhaber?.weitereGesellschafter = [" "]
        },
        still("GEW-RF-007", "GbR mit weiterem Gesellschafter") { zuGbR(&$0) },

        feuert("GEW-RF-008", .fehler, "personen[0].funktion", feld: 4, "GmbH-Geschäftsführer als Inhaber", basis: .gmbh)
        {
            $0.person { $0.funktion = .inhaber }
        },
        feuert("GEW-RF-008", .fehler, "personen", feld: 4, "Einzelunternehmen mit zwei Personen") {
            $0.personen?.append(Beispielanzeigen.gmbh.personen![0])
            $0.person(1) { $0.funktion = nil }
        },
        feuert("GEW-RF-008", .fehler, "personen[0].funktion", feld: 4, "GbR-Gesellschafter als gesetzlicher Vertreter")
        {
            zuGbR(&$0)
            $0.person { $0.funktion = .gesetzlicherVertreter }
        },
        still("GEW-RF-008", "Funktion nicht angegeben", basis: .gmbh) {
            $0.person(0) { $0.funktion = nil }
            $0.person(1) { $0.funktion = nil }
        },
        still("GEW-RF-008", "unbekannte Rechtsform: keine Erwartung") {
            $0.inhaber = Inhaber(name: "Weiss Tailoring Ltd.", rechtsform: "Ltd")
        },
    ]
}
