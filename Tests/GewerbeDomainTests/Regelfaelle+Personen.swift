import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// A complete Aufenthaltstitel without conditions on gainful work.
let titelOhneAuflage = Aufenthaltstitel(
    liegtVor: true, ausgestelltAm: datum("2024-05-02"), ausgestelltVon: "Werra-Meißner-Kreis, Ausländerbehörde",
    gueltigBis: datum("2027-05-01"), auflage: false)

/// Rows for persons: age, residence titles, representatives (GEW-PER-*).
/// The Einzelunternehmen fixture begins on 2026-12-01, the Abmeldung ends on 2026-11-30.
enum RegelfaellePersonen {
    static let faelle: [Regelfall] = [
        feuert("GEW-PER-001", .fehler, "personen[0].geburtsdatum", feld: 8, "Geburtsdatum in der Zukunft") {
            $0.person { $0.geburtsdatum = datum("2026-11-21") }
        },
        feuert("GEW-PER-001", .fehler, "personen[1].geburtsdatum", feld: 8, "Geburtsdatum 1899", basis: .gmbh) {
            $0.person(1) { $0.geburtsdatum = datum("1899-12-31") }
        },
        still("GEW-PER-001", "geboren heute (sonst GEW-PER-002)") {
            $0.person { $0.geburtsdatum = Beispielanzeigen.heute }
        },
        still("GEW-PER-001", "geboren am 1.1.1900") { $0.person { $0.geburtsdatum = datum("1900-01-01") } },

        feuert("GEW-PER-002", .fehler, "personen[0].geburtsdatum", feld: 8, "Kind von 5 Jahren") {
            $0.person { $0.geburtsdatum = datum("2021-01-01") }
        },
        feuert("GEW-PER-002", .fehler, "personen[0].geburtsdatum", feld: 8, "am Beginn einen Tag vor dem 7. Geburtstag")
        {
            $0.person { $0.geburtsdatum = datum("2019-12-02") }
        },
        still("GEW-PER-002", "am Beginn genau 7 Jahre alt (dann GEW-PER-003)") {
            $0.person { $0.geburtsdatum = datum("2019-12-01") }
        },

        feuert(
            "GEW-PER-003", .fehler, "personen[0].genehmigungFamiliengericht", feld: 8, "16-Jähriger ohne Genehmigung"
        ) {
            $0.person { $0.geburtsdatum = datum("2010-06-01") }
        },
        feuert("GEW-PER-003", .fehler, "personen[0].genehmigungFamiliengericht", feld: 8, "Genehmigung „nein“") {
            $0.person {
                $0.geburtsdatum = datum("2010-06-01")
                $0.genehmigungFamiliengericht = Nachweis(liegtVor: false)
            }
        },
        feuert("GEW-PER-003", .fehler, "personen[0].genehmigungFamiliengericht", feld: 8, "GbR-Gesellschafter mit 17") {
            zuGbR(&$0)
            $0.person { $0.geburtsdatum = datum("2009-06-01") }
        },
        still("GEW-PER-003", "16-Jähriger mit Genehmigung des Familiengerichts (§ 112 BGB)") {
            $0.person {
                $0.geburtsdatum = datum("2010-06-01")
                $0.genehmigungFamiliengericht = Nachweis(
                    liegtVor: true, ausgestelltAm: datum("2026-10-15"),
                    ausgestelltVon: "Amtsgericht Eschwege, Familiengericht")
            }
        },
        still("GEW-PER-003", "18. Geburtstag am Tag des Beginns") {
            $0.person { $0.geburtsdatum = datum("2008-12-01") }
        },
        still("GEW-PER-003", "Abmeldung eines Minderjährigen braucht keine Genehmigung", basis: .abmeldung) {
            $0.person { $0.geburtsdatum = datum("2010-06-01") }
        },

        feuert(
            "GEW-PER-004", .fehler, "personen[1].geburtsdatum", feld: 8,
            "17-jähriger Geschäftsführer (§ 6 Abs. 2 GmbHG)", basis: .gmbh
        ) {
            $0.person(1) { $0.geburtsdatum = datum("2009-06-01") }
        },
        still("GEW-PER-004", "Geschäftsführer am Beginn 18", basis: .gmbh) {
            $0.person(1) { $0.geburtsdatum = datum("2008-12-01") }
        },

        feuert(
            "GEW-PER-005", .fehler, "personen[0].aufenthaltstitel.liegtVor", feld: 30,
            "türkischer Staatsangehöriger ohne Angabe"
        ) {
            $0.person { $0.staatsangehoerigkeiten = ["163"] }
        },
        feuert(
            "GEW-PER-005", .fehler, "personen[0].aufenthaltstitel.liegtVor", feld: 27,
            "Ummeldung eines Drittstaatsangehörigen", basis: .ummeldung
        ) {
            $0.person { $0.staatsangehoerigkeiten = ["475"] }
        },
        feuert(
            "GEW-PER-005", .fehler, "personen[1].aufenthaltstitel.liegtVor", feld: 30,
            "britischer Geschäftsführer (kein EU-Bürger mehr)", basis: .gmbh
        ) {
            $0.person(1) { $0.staatsangehoerigkeiten = ["168"] }
        },
        feuert("GEW-PER-005", .fehler, "personen[0].aufenthaltstitel.liegtVor", feld: 30, "staatenlos") {
            $0.person { $0.staatsangehoerigkeiten = ["997"] }
        },
        still("GEW-PER-005", "Schweizer braucht keinen Titel (Freizügigkeitsabkommen)") {
            $0.person { $0.staatsangehoerigkeiten = ["158"] }
        },
        still("GEW-PER-005", "Norweger braucht keinen Titel (EWR)") {
            $0.person { $0.staatsangehoerigkeiten = ["149"] }
        },
        still("GEW-PER-005", "deutsch-türkisch braucht keinen Titel", basis: .verlegung),
        still("GEW-PER-005", "Abmeldung fragt nicht nach dem Titel", basis: .abmeldung) {
            $0.person { $0.staatsangehoerigkeiten = ["163"] }
        },

        feuert("GEW-PER-006", .hinweis, "personen[0].aufenthaltstitel.liegtVor", feld: 30, "kein Aufenthaltstitel") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                $0.aufenthaltstitel = Aufenthaltstitel(liegtVor: false)
            }
        },
        feuert(
            "GEW-PER-006", .hinweis, "personen[0].aufenthaltstitel.gueltigBis", feld: 30,
            "Titel vor dem Beginn abgelaufen"
        ) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.gueltigBis = datum("2026-11-30")
                $0.aufenthaltstitel = titel
            }
        },
        still("GEW-PER-006", "Titel gültig bis zum Tag des Beginns") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.gueltigBis = datum("2026-12-01")
                $0.aufenthaltstitel = titel
            }
        },
        still("GEW-PER-006", "EU-Bürgerin mit „kein Titel“ braucht keinen", basis: .gmbh) {
            $0.person(1) { $0.aufenthaltstitel = Aufenthaltstitel(liegtVor: false) }
        },

        feuert(
            "GEW-PER-007", .fehler, "personen[0].aufenthaltstitel.ausgestelltAm", feld: 30,
            "Titel ohne Ausstellungsdatum"
        ) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.ausgestelltAm = nil
                $0.aufenthaltstitel = titel
            }
        },
        feuert("GEW-PER-007", .fehler, "personen[0].aufenthaltstitel.ausgestelltVon", feld: 30, "Titel ohne Behörde") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.ausgestelltVon = ""
                $0.aufenthaltstitel = titel
            }
        },
        feuert("GEW-PER-007", .fehler, "personen[0].aufenthaltstitel.auflage", feld: 31, "Feld 31 nicht beantwortet") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.auflage = nil
                $0.aufenthaltstitel = titel
            }
        },
        feuert(
            "GEW-PER-007", .fehler, "personen[0].aufenthaltstitel.auflageText", feld: 28,
            "Auflage „ja“ ohne Wortlaut (GewA 2)", basis: .ummeldung
        ) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.auflage = true
                $0.aufenthaltstitel = titel
            }
        },
        still("GEW-PER-007", "Titel vollständig angegeben") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                $0.aufenthaltstitel = titelOhneAuflage
            }
        },
        still("GEW-PER-007", "kein Titel: keine Ausstellungsangaben nötig") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                $0.aufenthaltstitel = Aufenthaltstitel(liegtVor: false)
            }
        },

        feuert(
            "GEW-PER-008", .hinweis, "personen[0].aufenthaltstitel.auflageText", feld: 31,
            "„Selbständige Tätigkeit nicht gestattet“"
        ) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.auflage = true
                titel.auflageText =
                    "Erwerbstätigkeit nur als Beschäftigter erlaubt. Selbständige Tätigkeit nicht gestattet."
                $0.aufenthaltstitel = titel
            }
        },
        still("GEW-PER-008", "„Selbständige Tätigkeit gestattet“") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.auflage = true
                titel.auflageText = "Selbständige Tätigkeit gestattet."
                $0.aufenthaltstitel = titel
            }
        },

        feuert(
            "GEW-PER-009", .fehler, "anzahlVertretungsberechtigte", feld: 12, "ein Vertreter angegeben, zwei erfasst",
            basis: .gmbh
        ) {
            $0.anzahlVertretungsberechtigte = 1
        },
        still("GEW-PER-009", "drei Vertreter angegeben, zwei erfasst (Beiblatt fehlt: GEW-PER-010)", basis: .gmbh) {
            $0.anzahlVertretungsberechtigte = 3
        },

        feuert("GEW-PER-010", .hinweis, "personen", feld: 12, "drei Geschäftsführer, zwei erfasst", basis: .gmbh) {
            $0.anzahlVertretungsberechtigte = 3
        },
        still("GEW-PER-010", "inländische AG: Vertreter werden nicht erfasst", basis: .gmbh) {
            $0.inhaber = Inhaber(
                name: "Nordhessen Software AG", rechtsform: "310",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "2417"))
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.anzahlVertretungsberechtigte = 3
        },
        still("GEW-PER-010", "GbR mit zwei Gesellschaftern, ein Formular je Gesellschafter") { zuGbR(&$0) },
    ]
}
