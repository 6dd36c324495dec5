import Foundation
import GewerbeDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder drop for a Land gateway that collects messages from a share: each message becomes
/// `<ordner>/<praefix>/<kennung>/<nachrichtenUUID>.xml`, written under a temporary name
/// (`.<uuid>.xml.tmp`), flushed to disk and renamed when complete, so that the gateway never
/// picks up half a file. A message whose file is still there with the same bytes counts as
/// delivered again (`doppelt`); the gateway deduplicates by the UUID in the name. Rejections
/// come back through the gateway's inbox (issue 12), not from the folder.
public struct OrdnerTransport: Uebermittlungstransport {
    public let ordner: URL
    public var art: String { "ordner" }

    public init(ordner: URL) {
        self.ordner = ordner
    }

    public func sende(_ nachricht: AusgehendeNachricht) async throws -> Zustellung {
        let (praefix, kennung) = (nachricht.leser.praefix, nachricht.leser.kennung)
        guard Self.istSicher(praefix), Self.istSicher(kennung) else {
            throw Transportfehler(.dauerhaft, "Adresse \(nachricht.adresse) taugt nicht als Ordnername")
        }
        let zielordner = ordner.appending(path: praefix).appending(path: kennung)
        let name = nachricht.nachrichtenUUID.lowercased + ".xml"
        let ziel = zielordner.appending(path: name)
        if let vorhanden = FileManager.default.contents(atPath: ziel.path) {
            guard vorhanden == nachricht.xml else {
                return .abgewiesen(
                    Rueckweisung(
                        grund: "S100", text: "Eine andere Nachricht mit derselben UUID liegt bereits im Ordner.",
                        details: [ziel.path]))
            }
            return .angenommen(doppelt: true)
        }
        do {
            try FileManager.default.createDirectory(at: zielordner, withIntermediateDirectories: true)
            let temporaer = zielordner.appending(path: ".\(name).tmp")
            try Self.schreibeDauerhaft(nachricht.xml, nach: temporaer.path)
            guard rename(temporaer.path, ziel.path) == 0 else { throw Self.posixFehler("rename") }
            try Self.synchronisiereOrdner(zielordner.path)
        } catch let fehler as Transportfehler {
            throw fehler
        } catch {
            throw Transportfehler(.voruebergehend, "\(zielordner.path): \(error.localizedDescription)")
        }
        return .angenommen(doppelt: false)
    }

    /// Letters, digits, `-`, `_` and `.` (not leading): nothing that climbs out of the folder.
    static func istSicher(_ teil: String) -> Bool {
        !teil.isEmpty && teil.count <= 64 && !teil.hasPrefix(".")
            && teil.unicodeScalars.allSatisfy {
                ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "-_.".unicodeScalars.contains($0)
            }
    }

    static func schreibeDauerhaft(_ daten: Data, nach pfad: String) throws {
        let fd = open(pfad, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw posixFehler("open \(pfad)") }
        defer { close(fd) }
        try daten.withUnsafeBytes { puffer in
            var geschrieben = 0
            while geschrieben < puffer.count {
                let n = write(fd, puffer.baseAddress! + geschrieben, puffer.count - geschrieben)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw posixFehler("write \(pfad)")
                }
                geschrieben += n
            }
        }
        guard fsync(fd) == 0 else { throw posixFehler("fsync \(pfad)") }
    }

    static func synchronisiereOrdner(_ pfad: String) throws {
        let fd = open(pfad, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw posixFehler("open \(pfad)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixFehler("fsync \(pfad)") }
    }

    static func posixFehler(_ was: String) -> Transportfehler {
        Transportfehler(.voruebergehend, "\(was): \(String(cString: strerror(errno)))")
    }
}
