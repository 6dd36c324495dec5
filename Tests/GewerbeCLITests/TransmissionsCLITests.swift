import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

@Suite("gewerbe transmissions preview (das echte Programm)")
struct TransmissionsCLITests {
    static func json(_ lauf: Programm.Lauf) throws -> [[String: Any]] {
        try #require(
            (try JSONSerialization.jsonObject(with: Data(lauf.ausgabe.utf8)) as? [String: Any])?["dateien"]
                as? [[String: Any]])
    }

    @Test("Handwerk: die HWK mit ihrer Adresse aus dem ausgelieferten Verzeichnis, jede Nachricht mit ihren Regeln")
    func handwerk() throws {
        let lauf = try Programm.starte([
            "transmissions", "preview", "docs/examples/anmeldung-handwerk-anlage-a.json", "--heute", "2026-11-20",
            "--format", "json",
        ])
        #expect(lauf.status == 0, "\(lauf)")
        let datei = try #require(try Self.json(lauf).first)
        #expect(datei["kommune"] as? String == "06636001")
        let nachrichten = try #require(datei["nachrichten"] as? [[String: Any]])
        #expect(
            nachrichten.compactMap { $0["nachrichtentyp"] as? String } == [
                "sta.gewerbemeldung.0100", "ihk.gewerbemeldung.0200", "hwk.gewerbemeldung.0210",
                "ea.gewerbemeldung.0220", "dgu.gewerbemeldung.0230", "fa.gewerbemeldung.0250",
                "is.gewerbemeldung.0270", "as.gewerbemeldung.0280",
            ])
        let hwk = try #require(nachrichten.first { $0["empfaenger"] as? String == "hwk" })
        #expect(hwk["adresse"] as? String == "hwk:00043")
        #expect(hwk["regeln"] as? [String] == ["UEB-HWK-001"])
        #expect(nachrichten.allSatisfy { $0["nachrichtenart"] as? String == "anmeldung" })
    }

    @Test("Text: Zoll mit Anhaltspunkten, fehlende Adressen werden genannt")
    func textMitZoll() throws {
        let lauf = try Programm.starte([
            "transmissions", "preview", "docs/examples/anmeldung-gmbh-zwei-geschaeftsfuehrer.json", "--heute",
            "2026-11-20", "--anhaltspunkte", "Scheinselbständigkeit der Fahrer",
        ])
        #expect(lauf.status == 0, "\(lauf)")
        #expect(lauf.ausgabe.contains("8 Nachrichten (Gemeinde 06636016)"), "\(lauf)")
        #expect(lauf.ausgabe.contains("  zv.gewerbemeldung.0260  Hauptzollamt Gießen"), "\(lauf)")
        #expect(lauf.ausgabe.contains("[Adresse fehlt]  UEB-ZV-001"), "\(lauf)")
    }

    @Test("Eine Anzeige mit Fehlern löst nichts aus (Status 1), eine unlesbare Datei gibt Status 2")
    func fehlerUndUnlesbar() throws {
        let fehlerhaft = try Programm.starte([
            "transmissions", "preview", "docs/examples/fehlerhaft/abmeldung-weit-im-voraus.json", "--heute",
            "2026-11-20", "--format", "json",
        ])
        #expect(fehlerhaft.status == 1, "\(fehlerhaft)")
        let datei = try #require(try Self.json(fehlerhaft).first)
        #expect((datei["nachrichten"] as? [Any])?.isEmpty == true)
        #expect(datei["status"] as? String == "fehler")
        let fehlt = try Programm.starte(["transmissions", "preview", "gibt-es-nicht.json"])
        #expect(fehlt.status == 2, "\(fehlt)")
        #expect(fehlt.ausgabe.contains("gibt-es-nicht.json: NICHT LESBAR"))
    }

    @Test("Ein fehlerhaftes Empfängerverzeichnis: Status 2, jeder Fehler mit Zeile")
    func verzeichnisFehlerhaft() throws {
        let datei = FileManager.default.temporaryDirectory.appendingPathComponent("empfaenger-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: datei) }
        try "ags,empfaenger,name,praefix,kennung,verzicht,belegt,quelle\n*,ihk,IHK,xyz,,nein,ja,x\n".write(
            to: datei, atomically: true, encoding: .utf8)
        let lauf = try Programm.starte([
            "transmissions", "preview", "docs/examples/anmeldung-einzelunternehmen.json", "--empfaenger", datei.path,
        ])
        #expect(lauf.status == 2, "\(lauf)")
        #expect(lauf.fehlerausgabe.contains("Zeile 2: DVDV-Präfix 'xyz'"), "\(lauf)")
        #expect(lauf.ausgabe.isEmpty)
    }

    @Test("--out schreibt jede Nachricht, geprüft; xmllint bestätigt sie")
    func outSchreibtGepruefteNachrichten() async throws {
        let ordner = FileManager.default.temporaryDirectory.appending(path: "vorschau-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: ordner) }
        let lauf = try Programm.starte([
            "transmissions", "preview", "docs/examples/anmeldung-gmbh-zwei-geschaeftsfuehrer.json", "--heute",
            "2026-11-20", "--format", "json", "--out", ordner.path,
        ])
        #expect(lauf.status == 0, "\(lauf)")
        let nachrichten = try #require(try Self.json(lauf).first?["nachrichten"] as? [[String: Any]])
        #expect(nachrichten.count == 7)
        #expect(nachrichten.allSatisfy { $0["gueltig"] as? Bool == true })
        let dateien = nachrichten.compactMap { $0["xml"] as? String }
        #expect(dateien.count == 7 && dateien.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        let sta = try String(contentsOfFile: try #require(dateien.first), encoding: .utf8)
        #expect(sta.contains("<xga:sta.gewerbemeldung.0100 ") && !sta.contains("bk:geburt"))
        let xmllint = try TestPeers.systemExecutable("xmllint")
        let pruefung = try await TestPeers.run(
            xmllint, ["--noout", "--nonet", "--schema", "schemas/xgewo/1.6-vorlaeufig/gewerbemeldung.xsd"] + dateien)
        #expect(pruefung.status == 0, "\(pruefung.stderr)")
    }

    @Test("Ein Name in kyrillischer Schrift: die Nachrichten sind ungültig (DIN SPEC 91379), Status 1")
    func ungueltigeNachrichtGibtStatusEins() throws {
        let beispiel = try String(
            contentsOfFile: "docs/examples/anmeldung-gmbh-zwei-geschaeftsfuehrer.json", encoding: .utf8)
        let lauf = try Programm.starte(
            ["transmissions", "preview", "-", "--heute", "2026-11-20"],
            eingabe: Data(beispiel.replacingOccurrences(of: "\"Krüger\"", with: "\"Крюгер\"").utf8))
        #expect(lauf.status == 1, "\(lauf)")
        #expect(lauf.ausgabe.contains("UNGÜLTIG: Schema: Zeile"), "\(lauf)")
    }

    @Test("Ein Schemabündel ohne die verlangte Version gibt Status 2")
    func unbekannteVersion() throws {
        let lauf = try Programm.starte([
            "transmissions", "preview", "docs/examples/anmeldung-gmbh-zwei-geschaeftsfuehrer.json", "--version", "1.7",
        ])
        #expect(lauf.status == 2, "\(lauf)")
        #expect(lauf.fehlerausgabe.contains("kennt die Version 1.7 nicht"), "\(lauf)")
    }
}
