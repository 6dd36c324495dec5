import Foundation
import GewerbeDomain
import GewerbeEAkte
import GewerbeTestSupport
import Logging
import Testing

/// The folder adapter on a temporary folder.
@Suite("Ordner-Ablage auf einem lokalen Ordner")
struct DateiAblageTests {
    static let stumm = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func temporaererOrdner() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ordnerablage-\(UUID().uuidString)")
    }

    static func mitOrdner(
        wurzelAnlegen: Bool = true, _ body: (DateiAblage, URL) async throws -> Void
    ) async throws {
        let ordner = temporaererOrdner()
        defer { try? FileManager.default.removeItem(at: ordner) }
        let ablage = try DateiAblage(
            configuration: .init(wurzel: ordner.appendingPathComponent("eakte").path, wurzelAnlegen: wurzelAnlegen),
            logger: stumm)
        try await body(ablage, ordner.appendingPathComponent("eakte"))
    }

    static func vorgangOrdner(_ fall: EAkteTestFall) -> String {
        "\(fall.akte.gemeindeschluessel)/\(AblageNamen.akte(betriebId: fall.akte.betriebId))/\(fall.vorgang.aktenzeichen)"
    }

    static func sidecar(_ wurzel: URL, _ pfad: String) throws -> [String: String] {
        let data = try Data(contentsOf: wurzel.appendingPathComponent(pfad + ".metadata.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    /// All files below a folder (relative paths, sorted), including hidden ones.
    static func dateien(_ wurzel: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: wurzel.path) else { return [] }
        var result: [String] = []
        while let eintrag = enumerator.nextObject() as? String {
            var ordner: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: wurzel.appendingPathComponent(eintrag).path, isDirectory: &ordner)
            if !ordner.boolValue { result.append(eintrag) }
        }
        return result.sorted()
    }

    @Test("Aufbau wie bei WebDAV: Ordner je Gemeinde, Betrieb und Vorgang, Dokumente, Sidecars, erledigt")
    func aufbau() async throws {
        try await Self.mitOrdner { ablage, wurzel in
            #expect(ablage.art == "ordner")
            let fall = EAkteTestFall.beispiel()
            let (akte, vorgang, quittungen) = try await CMISAblageTests.ablegen(fall, ablage)
            let aktePfad = "06636001/\(AblageNamen.akte(betriebId: fall.akte.betriebId))"
            #expect(akte.rawValue == aktePfad)
            #expect(vorgang.rawValue == Self.vorgangOrdner(fall))
            let akteMeta = try Self.sidecar(wurzel, aktePfad)
            #expect(akteMeta["art"] == "akte")
            #expect(akteMeta["titel"] == fall.akte.titel)
            #expect(akteMeta["betriebId"] == fall.akte.betriebId.lowercased)
            let vorgangMeta = try Self.sidecar(wurzel, vorgang.rawValue)
            #expect(vorgangMeta["aktenzeichen"] == fall.vorgang.aktenzeichen)
            #expect(vorgangMeta["anzeigeId"] == fall.vorgang.anzeigeId.lowercased)
            #expect(vorgangMeta["eingangsdatum"] == "2026-01-15")
            #expect(vorgangMeta["status"] == "offen")
            for (dokument, quittung) in zip(fall.dokumente, quittungen) {
                let pfad = vorgang.rawValue + "/" + dokument.name
                #expect(quittung.objektId.rawValue == pfad)
                #expect(quittung.sha256 == dokument.sha256)
                #expect(quittung.groesse == dokument.inhalt.count)
                #expect(
                    FileManager.default.contents(atPath: wurzel.appendingPathComponent(pfad).path) == dokument.inhalt)
                let meta = try Self.sidecar(wurzel, pfad)
                #expect(meta["sha256"] == dokument.sha256)
                #expect(meta["dokumentart"] == dokument.dokumentart)
                #expect(meta["art"] == "dokument")
            }
            try await ablage.markVorgangErledigt(vorgang, metadaten: fall.vorgang)
            #expect(try Self.sidecar(wurzel, vorgang.rawValue)["status"] == "erledigt")
            #expect(!Self.dateien(wurzel).contains { $0.contains(".upload-") })
            // Exactly: 3 documents, 3 document sidecars, Akte and Vorgang sidecars.
            #expect(Self.dateien(wurzel).count == 8)
        }
    }

    @Test("Wiederholung mit frischem Adapter ändert nichts: gleiche IDs, keine neuen oder geänderten Dateien")
    func idempotent() async throws {
        try await Self.mitOrdner { ablage, wurzel in
            let fall = EAkteTestFall.beispiel(nummer: 3)
            let erster = try await CMISAblageTests.ablegen(fall, ablage)
            func zustand() throws -> [String: Date] {
                var result: [String: Date] = [:]
                for datei in Self.dateien(wurzel) {
                    let attribute = try FileManager.default.attributesOfItem(
                        atPath: wurzel.appendingPathComponent(datei).path)
                    result[datei] = attribute[.modificationDate] as? Date
                }
                return result
            }
            let vorher = try zustand()
            try await Task.sleep(for: .milliseconds(20))
            let frisch = try DateiAblage(configuration: ablage.configuration, logger: Self.stumm)
            let zweiter = try await CMISAblageTests.ablegen(fall, frisch)
            #expect(zweiter.akte == erster.akte && zweiter.vorgang == erster.vorgang)
            #expect(zweiter.quittungen == erster.quittungen)
            #expect(try zustand() == vorher)
        }
    }

    @Test("Abgebrochenes Schreiben: Rest einer temporären Datei und abgeschnittener Inhalt werden vervollständigt")
    func abgebrochen() async throws {
        try await Self.mitOrdner { ablage, wurzel in
            let fall = EAkteTestFall.beispiel(nummer: 5)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            let dokument = fall.dokumente[0]
            let ordner = wurzel.appendingPathComponent(vorgang.rawValue)
            // 1. A temporary file left by a write that broke off halfway (crash before the link).
            let rest = ordner.appendingPathComponent(".upload-\(dokument.sha256.prefix(16))-0badc0de-\(dokument.name)")
            try dokument.inhalt.prefix(dokument.inhalt.count / 2).write(to: rest)
            let quittung = try await ablage.fileDokument(dokument, inVorgang: vorgang)
            #expect(quittung.sha256 == dokument.sha256)
            #expect(
                FileManager.default.contents(atPath: ordner.appendingPathComponent(dokument.name).path)
                    == dokument.inhalt)
            #expect(!FileManager.default.fileExists(atPath: rest.path))
            // 2. The content cut short behind our back (the sidecar still says it is ours).
            try dokument.inhalt.prefix(100).write(to: ordner.appendingPathComponent(dokument.name))
            let repariert = try await ablage.fileDokument(dokument, inVorgang: vorgang)
            #expect(repariert.sha256 == dokument.sha256)
            #expect(repariert.groesse == dokument.inhalt.count)
            #expect(
                FileManager.default.contents(atPath: ordner.appendingPathComponent(dokument.name).path)
                    == dokument.inhalt)
            #expect(!Self.dateien(wurzel).contains { $0.contains(".upload-") })
        }
    }

    @Test("Fremde Datei ohne Sidecar und anderes Dokument gleichen Namens: dauerhaft, nichts überschrieben")
    func fremdeDatei() async throws {
        try await Self.mitOrdner { ablage, wurzel in
            let fall = EAkteTestFall.beispiel(nummer: 6)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            let fremd = wurzel.appendingPathComponent(vorgang.rawValue + "/" + fall.dokumente[0].name)
            try Data("Fremder Inhalt".utf8).write(to: fremd)
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(fall.dokumente[0], inVorgang: vorgang)
            }
            #expect(fehler?.art == .dauerhaft)
            #expect(FileManager.default.contents(atPath: fremd.path) == Data("Fremder Inhalt".utf8))
            // An Akte folder that belongs to another Betrieb (its sidecar says so).
            var andere = fall.akte
            andere.betriebId = UUID()
            let aktePfad = wurzel.appendingPathComponent(akte.rawValue)
            let falsch = wurzel.appendingPathComponent("06636001/\(AblageNamen.akte(betriebId: andere.betriebId))")
            try FileManager.default.copyItem(
                at: aktePfad.appendingPathExtension("metadata.json"), to: falsch.appendingPathExtension("metadata.json")
            )
            try FileManager.default.createDirectory(at: falsch, withIntermediateDirectories: true)
            let schluessel = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(andere) }
            #expect(schluessel?.art == .dauerhaft)
        }
    }

    @Test("Fehlender Wurzelordner einer Freigabe ist vorübergehend; danach gelingt die Ablage")
    func freigabeFehlt() async throws {
        try await Self.mitOrdner(wurzelAnlegen: false) { ablage, wurzel in
            let fall = EAkteTestFall.beispiel(nummer: 8)
            let fehler = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fall.akte) }
            #expect(fehler?.art == .voruebergehend)
            #expect(!FileManager.default.fileExists(atPath: wurzel.path))
            try FileManager.default.createDirectory(at: wurzel, withIntermediateDirectories: true)
            let quittungen = try await CMISAblageTests.ablegen(fall, ablage).quittungen
            #expect(quittungen.map(\.sha256) == fall.dokumente.map(\.sha256))
        }
    }

    @Test(
        "Schreibgeschützter Vorgangsordner ist dauerhaft",
        .enabled(if: getuid() != 0, "root darf trotz fehlender Rechte schreiben"))
    func keineRechte() async throws {
        try await Self.mitOrdner { ablage, wurzel in
            let fall = EAkteTestFall.beispiel(nummer: 9)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            let ordner = wurzel.appendingPathComponent(vorgang.rawValue)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ordner.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ordner.path) }
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(fall.dokumente[0], inVorgang: vorgang)
            }
            #expect(fehler?.art == .dauerhaft)
        }
    }

    @Test("Parallel dasselbe Dokument aus vielen Aufgaben: eine Datei, gleiche Quittungen, keine Reste")
    func parallel() async throws {
        try await Self.mitOrdner { ablage, wurzel in
            let fall = EAkteTestFall.beispiel(nummer: 10)
            let quittungen = try await withThrowingTaskGroup(of: [AblageQuittung].self) { gruppe in
                for _ in 0..<8 {
                    gruppe.addTask {
                        var versuche = 0
                        while true {
                            versuche += 1
                            do {
                                return try await CMISAblageTests.ablegen(fall, ablage).quittungen
                            } catch let fehler as EAkteFehler where fehler.art == .voruebergehend && versuche < 20 {
                                continue
                            }
                        }
                    }
                }
                var alle: [[AblageQuittung]] = []
                for try await ergebnis in gruppe { alle.append(ergebnis) }
                return alle
            }
            #expect(Set(quittungen).count == 1)
            #expect(Self.dateien(wurzel).filter { !$0.hasSuffix(".metadata.json") }.count == 3)
            #expect(!Self.dateien(wurzel).contains { $0.contains(".upload-") })
        }
    }

    @Test("EAkteAnbindung.ordner baut die Ordner-Ablage; ungültige Objekt-IDs sind dauerhaft")
    func anbindung() async throws {
        let ordner = Self.temporaererOrdner()
        defer { try? FileManager.default.removeItem(at: ordner) }
        let anbindung = EAkteAnbindung.ordner(.init(wurzel: ordner.path))
        #expect(anbindung.description.hasPrefix("ordner: "))
        let ablage = try EAkteMandantenAblage(anbindungen: ["06636001": anbindung], logger: Self.stumm)
        let fall = EAkteTestFall.beispiel(nummer: 11)
        _ = try await CMISAblageTests.ablegen(fall, ablage)
        #expect(Self.dateien(ordner).filter { !$0.hasSuffix(".metadata.json") }.count == 3)
        let direkt = try DateiAblage(configuration: .init(wurzel: ordner.path), logger: Self.stumm)
        let fehler = await #expect(throws: EAkteFehler.self) {
            try await direkt.ensureVorgang(fall.vorgang, inAkte: EAkteObjektID("../../etc"))
        }
        #expect(fehler?.art == .dauerhaft)
    }
}
