import Crypto
import Foundation
import GewerbeDomain
import GewerbeXGewO

/// One message as it leaves: its identity, its reader's DVDV address and its bytes.
public struct AusgehendeNachricht: Sendable, Hashable {
    public var nachrichtenUUID: UUID
    public var nachrichtentyp: String
    /// The XGewO version the message is written in (a row of the schema bundle).
    public var version: String
    public var leser: Kommunikationspartner
    public var xml: Data
    /// SHA-256 (hex) of ``xml``.
    public let sha256: String

    public init(
        nachrichtenUUID: UUID, nachrichtentyp: String, version: String, leser: Kommunikationspartner, xml: Data
    ) {
        self.nachrichtenUUID = nachrichtenUUID
        self.nachrichtentyp = nachrichtentyp
        self.version = version
        self.leser = leser
        self.xml = xml
        self.sha256 = SHA256.hash(data: xml).map { String(format: "%02x", $0) }.joined()
    }

    /// The reader's address as the outbox records it: `praefix:kennung`.
    public var adresse: String { "\(leser.praefix):\(leser.kennung)" }
}

/// What the gateway answered.
public enum Zustellung: Sendable, Hashable {
    /// Accepted; `doppelt` when the gateway already had the message (a repeat after a lost answer).
    case angenommen(doppelt: Bool)
    /// Rejected with a code of `rueckweisungsgruende_1`.
    case abgewiesen(Rueckweisung)
}

/// A message that could not be handed over.
public struct Transportfehler: Error, Sendable, CustomStringConvertible {
    public enum Art: String, Sendable {
        /// May pass by waiting (gateway down, slow, 5xx, network): retried with backoff, never parked.
        case voruebergehend
        /// Needs an operator (credentials refused, invalid address, a configuration error): parked.
        case dauerhaft
    }

    public var art: Art
    public var meldung: String

    public init(_ art: Art, _ meldung: String) {
        self.art = art
        self.meldung = meldung
    }

    public var description: String { "\(art.rawValue): \(meldung)" }
}

/// The door to the gateway that does the transport (OSCI, DVDV lookup): this product does not
/// implement OSCI. Every adapter must be idempotent by message UUID: handing the same message
/// over twice must deliver it once (the gateway deduplicates, or the adapter finds it there).
public protocol Uebermittlungstransport: Sendable {
    /// Short name for logs and `/ready` (e.g. `ordner`, `http`).
    var art: String { get }
    func sende(_ nachricht: AusgehendeNachricht) async throws -> Zustellung
}
