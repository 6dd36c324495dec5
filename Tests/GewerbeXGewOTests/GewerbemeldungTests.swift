import Foundation
import GewerbeDomain
import GewerbeTestSupport
import GewerbeXGewO
import Testing

/// The messages of the acceptance fixtures: golden files, the schema check in-process and by
/// `xmllint`, nothing a profile forbids, everything it requires.
@Suite struct GewerbemeldungTests {
    static let golden = Meldungsbeispiel.repository.appending(path: "Tests/GewerbeXGewOTests/Golden")
    static let aktualisieren = ProcessInfo.processInfo.environment["GEWERBE_GOLDEN_AKTUALISIEREN"] == "1"

    @Test(arguments: Meldungsbeispiel.alle)
    func goldeneNachrichten(_ beispiel: Meldungsbeispiel) throws {
        let ordner = Self.golden.appending(path: beispiel.name)
        let auftraege = beispiel.auftraege
        #expect(!auftraege.isEmpty)
        if Self.aktualisieren {
            try? FileManager.default.removeItem(at: ordner)
            try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
        }
        var erwartet = Set<String>()
        for auftrag in auftraege {
            let datei = "\(auftrag.nachricht.nachrichtentyp).xml"
            erwartet.insert(datei)
            let xml = Gewerbemeldung.xml(auftrag)
            if Self.aktualisieren { try Data(xml.utf8).write(to: ordner.appending(path: datei)) }
            let gespeichert = try String(contentsOf: ordner.appending(path: datei), encoding: .utf8)
            #expect(
                xml == gespeichert, "\(beispiel.name)/\(datei) weicht ab; GEWERBE_GOLDEN_AKTUALISIEREN=1 schreibt neu")
        }
        let vorhanden = Set(try FileManager.default.contentsOfDirectory(atPath: ordner.path))
        #expect(vorhanden == erwartet, "Golden-Dateien ohne Nachricht: \(vorhanden.subtracting(erwartet).sorted())")
    }

    @Test(arguments: Meldungsbeispiel.alle)
    func schemagueltigUndNachProfil(_ beispiel: Meldungsbeispiel) {
        for auftrag in beispiel.auftraege {
            let typ = auftrag.nachricht.nachrichtentyp
            let befunde = Schemaverzeichnis.eingebettet.pruefe(
                Gewerbemeldung.xml(auftrag), version: Namensraum.version, nachrichtentyp: typ)
            #expect(befunde.isEmpty, "\(beispiel.name)/\(typ): \(befunde)")
            let verstoesse = Profilfilter.verstoesse(Gewerbemeldung.knoten(auftrag), nachrichtentyp: typ)
            #expect(verstoesse.isEmpty, "\(beispiel.name)/\(typ): \(verstoesse.map(\.code))")
        }
    }

    /// The independent check: `xmllint --schema` over every golden message.
    @Test func xmllintBestaetigtJedeGoldeneNachricht() async throws {
        let xmllint = try TestPeers.systemExecutable("xmllint")
        let dateien = Meldungsbeispiel.alle.flatMap { beispiel in
            beispiel.auftraege.map {
                Self.golden.appending(path: "\(beispiel.name)/\($0.nachricht.nachrichtentyp).xml").path
            }
        }
        #expect(dateien.count > 60)
        let schema = Meldungsbeispiel.repository.appending(path: "schemas/xgewo/1.6-vorlaeufig/gewerbemeldung.xsd")
        let ergebnis = try await TestPeers.run(xmllint, ["--noout", "--nonet", "--schema", schema.path] + dateien)
        #expect(ergebnis.status == 0, "\(ergebnis.stderr)")
        #expect(ergebnis.stderr.components(separatedBy: " validates").count - 1 == dateien.count)
    }

    /// xmllint refuses a message the schema does not allow: the independent check can fail.
    @Test func xmllintWeistEineFalscheNachrichtZurueck() async throws {
        let xmllint = try TestPeers.systemExecutable("xmllint")
        let auftrag = try #require(Meldungsbeispiel.alle[0].auftraege.first)
        let falsch = Gewerbemeldung.xml(auftrag).replacingOccurrences(of: "xga:datumMeldung", with: "xga:datumMeldungX")
        let datei = FileManager.default.temporaryDirectory.appending(path: "falsch-\(UUID().uuidString).xml")
        try Data(falsch.utf8).write(to: datei)
        defer { try? FileManager.default.removeItem(at: datei) }
        let schema = Meldungsbeispiel.repository.appending(path: "schemas/xgewo/1.6-vorlaeufig/gewerbemeldung.xsd")
        let ergebnis = try await TestPeers.run(xmllint, ["--noout", "--nonet", "--schema", schema.path, datei.path])
        #expect(ergebnis.status != 0)
        #expect(ergebnis.stderr.contains("datumMeldungX"))
    }

    @Test func dieStatistikErhaeltKeineGeburtsdatenUndKeinenBetriebsleiter() throws {
        let beispiel = try #require(Meldungsbeispiel.alle.first { $0.name == "gmbh-zwei-geschaeftsfuehrer" })
        let sta = try #require(beispiel.auftraege.first { $0.nachricht.empfaenger == .statistik })
        let xml = Gewerbemeldung.xml(sta)
        #expect(!xml.contains("bk:geburt"))
        #expect(!xml.contains("np:geburtsname"))
        #expect(xml.contains("<np:familienname>Hoffmann</np:familienname>"))  // the name stays
        let leiter = try #require(
            Gewerbemeldung.knoten(sta).alle.first { $0.kontexte.contains(.nurVertretungsberechtigtePerson) })
        #expect(leiter.kinder.map(\.lokalerName) == ["natuerlichePerson.id", "name"])
        // The complete record (alg) carries what the statistics office must not receive.
        let alg = Gewerbemeldung.vollstaendig(sta).dokument(namensraeume: Namensraum.alle)
        #expect(alg.contains("bk:geburt") && alg.contains("<np:geburtsname>Lange</np:geburtsname>"))
    }

    @Test func derZollErhaeltDasVerdachtsmomentUndDenText() throws {
        let beispiel = try #require(Meldungsbeispiel.alle.first { $0.name == "zoll-mit-anhaltspunkten" })
        let zv = try #require(beispiel.auftraege.first { $0.nachricht.empfaenger == .zoll })
        let xml = Gewerbemeldung.xml(zv)
        #expect(xml.contains("<xga:verdachtsmoment>true</xga:verdachtsmoment>"))
        #expect(xml.contains("<xga:verdachtsmomenteText>Beschäftigte ohne Anmeldung"))
        for andere in beispiel.auftraege where andere.nachricht.empfaenger != .zoll {
            #expect(!Gewerbemeldung.xml(andere).contains("verdachtsmoment"), "\(andere.nachricht.nachrichtentyp)")
        }
    }

    @Test func dieUmmeldungTraegtDenZustandVorher() throws {
        let beispiel = try #require(Meldungsbeispiel.alle.first { $0.name == "ummeldung-mit-zustand-vorher" })
        let ihk = try #require(beispiel.auftraege.first { $0.nachricht.empfaenger == .ihk })
        let knoten = Gewerbemeldung.knoten(ihk)
        let namen = knoten.alle.map(\.lokalerName)
        #expect(namen.contains("gewerbebetriebVorAenderung") && namen.contains("referenzierteSubjekteVorAenderung"))
        #expect(knoten.alle.filter(\.vorher).contains { $0.lokalerName == "betriebsstaette" })
    }

    @Test func dieRueckmeldungGehtAnDasGewerbeamtDerHerkunft() throws {
        let beispiel = try #require(Meldungsbeispiel.alle.first { $0.name == "verlegung-von-ausserhalb" })
        let rmv = try #require(beispiel.auftraege.first { $0.nachricht.empfaenger == .gewerbeamt })
        let xml = Gewerbemeldung.xml(rmv)
        #expect(
            xml.contains(
                "<xga:leser>\n      <xga:praefix>MELDID</xga:praefix>\n      <xga:kennung>06611000</xga:kennung>"))
        #expect(xml.contains("<xga:erstellungszeitpunkt>2026-12-01T09:00:00Z</xga:erstellungszeitpunkt>"))
    }

    @Test func dieBerichtigungIstEineDatenaktualisierungMitZustandVorher() throws {
        let beispiel = try #require(Meldungsbeispiel.alle.first { $0.name == "berichtigung-nach-uebermittlung" })
        for auftrag in beispiel.auftraege {
            let xml = Gewerbemeldung.xml(auftrag)
            #expect(xml.contains("<xga:datenaktualisierung>"))
            #expect(xml.contains("Salon Weiß &amp; Söhne"))
        }
    }
}

/// The in-process validator refuses what it must: no schema for the version, a wrong element,
/// text outside DIN SPEC 91379, a document type declaration (no entity is ever resolved).
@Suite struct SchemapruefungTests {
    static var gueltig: String {
        Gewerbemeldung.xml(Meldungsbeispiel.alle[0].auftraege[0])
    }

    static func pruefe(_ xml: String, version: String = Namensraum.version) -> [Schemabefund] {
        Schemaverzeichnis.eingebettet.pruefe(xml, version: version, nachrichtentyp: "sta.gewerbemeldung.0100")
    }

    @Test func eineGueltigeNachrichtHatKeinenBefund() {
        #expect(Self.pruefe(Self.gueltig).isEmpty)
    }

    @Test func eineUnbekannteVersionWirdGenannt() {
        #expect(
            Self.pruefe(Self.gueltig, version: "1.7").map(\.meldung) == [
                "kein Schema für XGewO 1.7, sta.gewerbemeldung.0100"
            ])
    }

    @Test func einFalschesElementWirdMitZeileGenannt() throws {
        let befunde = Self.pruefe(Self.gueltig.replacingOccurrences(of: "xga:gemeindeMeldungNr", with: "xga:meldungNr"))
        let befund = try #require(befunde.first)
        #expect(befund.zeile > 10 && befund.meldung.contains("meldungNr"))
    }

    @Test func kyrillischeSchriftIstNichtDINSPEC91379() {
        let befunde = Self.pruefe(Self.gueltig.replacingOccurrences(of: "Salon Weiß", with: "Салон"))
        #expect(!befunde.isEmpty)
    }

    @Test func eineDTDWirdAbgewiesenUndKeineEntitaetAufgeloest() {
        let boese = Self.gueltig.replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            with:
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
        )
        #expect(Self.pruefe(boese).map(\.meldung) == ["Dokumenttypdeklaration (DTD) nicht erlaubt"])
    }

    @Test func keinWohlgeformtesXML() {
        #expect(!Self.pruefe("<xga:sta.gewerbemeldung.0100>").isEmpty)
    }

    @Test func einBuendelOhneVerzeichnisOderMitFehlendemSchemaWirdGenannt() {
        #expect(throws: Schemabuendelfehler.self) { try Schemaverzeichnis(dateien: [:]) }
        do {
            _ = try Schemaverzeichnis(dateien: [
                "verzeichnis.csv": "version,nachrichtentyp,schema,namensraum,status\n1.6,*,fehlt.xsd,urn:x,amtlich"
            ])
            Issue.record("kein Fehler")
        } catch {
            #expect(error.fehler == ["verzeichnis.csv, Zeile 2: fehlt.xsd fehlt im Bündel"])
        }
    }

    /// A bundle in a folder (as the official one will come) is chosen by its version: a new
    /// version is a folder and a row, no code.
    @Test func einBuendelImOrdnerIstNurDaten() throws {
        let ordner = FileManager.default.temporaryDirectory.appending(path: "schemata-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: ordner) }
        try FileManager.default.copyItem(at: Meldungsbeispiel.repository.appending(path: "schemas/xgewo"), to: ordner)
        let verzeichnis = ordner.appending(path: "verzeichnis.csv")
        let zeile = "1.7-test,sta.gewerbemeldung.0100,1.6-vorlaeufig/gewerbemeldung.xsd,urn:x,vorlaeufig\n"
        try Data((try String(contentsOf: verzeichnis, encoding: .utf8) + zeile).utf8).write(to: verzeichnis)
        let buendel = try Schemaverzeichnis(ordner: ordner)
        #expect(buendel.eintrag(version: "1.7-test", nachrichtentyp: "sta.gewerbemeldung.0100")?.status == "vorlaeufig")
        #expect(buendel.pruefe(Self.gueltig, version: "1.7-test", nachrichtentyp: "sta.gewerbemeldung.0100").isEmpty)
        #expect(!buendel.pruefe(Self.gueltig, version: "1.7-test", nachrichtentyp: "ihk.gewerbemeldung.0200").isEmpty)
    }
}
