import Crypto
import Foundation
import GewerbeDomain
import Logging
import Synchronization

/// Metadata and documents of one Anzeige for the adapter tests.
struct EAkteTestFall: Sendable {
    var akte: AkteMetadaten
    var vorgang: VorgangMetadaten
    var dokumente: [AblageDokument]

    /// A case with three documents (PDF, JSON, Empfangsbescheinigung); `nummer` varies keys.
    static func beispiel(nummer: Int = 42, ags: String = "06636001", betriebId: UUID? = nil) -> EAkteTestFall {
        let betrieb = betriebId ?? UUID(uuidString: String(format: "8F1C2A34-0000-4000-8000-%012d", nummer))!
        let anzeige = UUID(uuidString: String(format: "A11CE000-0000-4000-8000-%012d", nummer))!
        let aktenzeichen = String(format: "\(ags)-2026-%06d", nummer)
        let akte = AkteMetadaten(
            betriebId: betrieb, gemeindeschluessel: ags, titel: "Gewerbeakte Müller Bau GmbH, Hauptstraße \(nummer)")
        let vorgang = VorgangMetadaten(
            anzeigeId: anzeige, betriebId: betrieb, gemeindeschluessel: ags, aktenzeichen: aktenzeichen,
            meldeart: "anmeldung", eingangsdatum: Datum(jahr: 2026, monat: 1, tag: 15)!,
            titel: "Gewerbeanmeldung \(aktenzeichen) Müller Bau GmbH")
        func dokument(_ name: String, _ mime: String, _ art: String, _ inhalt: Data) -> AblageDokument {
            AblageDokument(
                name: name, mimeType: mime, inhalt: inhalt, sha256: sha256(inhalt), dokumentart: art, vorgang: vorgang)
        }
        // A bigger PDF-like body so that "half the upload" is a real split of the content.
        var pdf = Data("%PDF-1.4\n% Gewerbeanmeldung \(aktenzeichen)\n".utf8)
        for zeile in 0..<2000 { pdf.append(Data("Zeile \(zeile) der Anzeige \(nummer): Müller Straße\n".utf8)) }
        let json = Data(#"{"aktenzeichen":"\#(aktenzeichen)","meldeart":"anmeldung","name":"Müller"}"#.utf8)
        let eb = Data("%PDF-1.4\n% Empfangsbescheinigung \(aktenzeichen)\n".utf8)
        return EAkteTestFall(
            akte: akte, vorgang: vorgang,
            dokumente: [
                dokument("Gewerbeanmeldung-\(aktenzeichen).pdf", "application/pdf", "anzeige-pdf", pdf),
                dokument("Gewerbeanmeldung-\(aktenzeichen).json", "application/json", "anzeige-json", json),
                dokument(
                    "Empfangsbescheinigung-\(aktenzeichen).pdf", "application/pdf", "empfangsbescheinigung-pdf", eb),
            ])
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// Collects every log line (message and metadata) of a logger, for tests that check what is
/// logged (and what never is).
final class LogSammler: Sendable {
    private let zeilen = Mutex<[String]>([])

    var alles: [String] { zeilen.withLock { $0 } }

    func logger(_ label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(sammler: self) }
    }

    fileprivate func add(_ zeile: String) { zeilen.withLock { $0.append(zeile) } }

    struct Handler: LogHandler {
        let sammler: LogSammler
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        func log(event: LogEvent) {
            var alle = metadata
            for (key, value) in event.metadata ?? [:] { alle[key] = value }
            sammler.add("\(event.level) \(event.message) \(alle)")
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
    }
}
