import Foundation
import GewerbeDomain

/// The in-memory twin of the filing port, for tests of code that uses ``EAkteAblage`` (the
/// outbox worker) without HTTP. Same rules as the real adapters: idempotent by key, a different
/// document under the same name is `.dauerhaft`. Test controls: ``setDown(_:)`` (every call
/// fails `.voruebergehend`), ``failNextCalls(_:art:)``, and counters.
public actor InMemoryEAkteAblage: EAkteAblage {
    public nonisolated let art = "speicher"

    /// A filed document.
    public struct Dokument: Sendable, Hashable {
        public var vorgang: EAkteObjektID
        public var name: String
        public var inhalt: Data
        public var sha256: String
        public var dokumentart: String
    }

    public private(set) var akten: [UUID: EAkteObjektID] = [:]
    public private(set) var vorgaenge: [UUID: EAkteObjektID] = [:]
    /// Documents by Vorgang and name.
    public private(set) var dokumente: [EAkteObjektID: [String: Dokument]] = [:]
    public private(set) var erledigt: Set<EAkteObjektID> = []
    /// Calls of `fileDokument` (also failed and repeated ones).
    public private(set) var fileDokumentCalls = 0
    /// Documents actually stored (a repeated, equal document does not count).
    public private(set) var gespeicherteDokumente = 0
    private var down = false
    private var fehlerVorrat: [EAkteFehler.Art] = []
    private var naechsteId = 1

    public init() {}

    /// While `true`, every call fails with `.voruebergehend`.
    public func setDown(_ down: Bool) { self.down = down }

    /// The next `count` calls (of any operation) fail with `art`.
    public func failNextCalls(_ count: Int, art: EAkteFehler.Art = .voruebergehend) {
        fehlerVorrat.append(contentsOf: Array(repeating: art, count: count))
    }

    /// All documents of all Vorgaenge.
    public var alleDokumente: [Dokument] { dokumente.values.flatMap(\.values) }

    private func pruefeVerfuegbar(_ was: String) throws {
        if down { throw EAkteFehler(.voruebergehend, "\(was): eAkte nicht erreichbar (Testmodus)") }
        if !fehlerVorrat.isEmpty {
            let art = fehlerVorrat.removeFirst()
            throw EAkteFehler(art, "\(was): eingespeister Fehler (Testmodus)")
        }
    }

    private func neueId(_ praefix: String) -> EAkteObjektID {
        defer { naechsteId += 1 }
        return EAkteObjektID("\(praefix)-\(naechsteId)")
    }

    public func ensureAkte(_ akte: AkteMetadaten) async throws -> EAkteObjektID {
        try pruefeVerfuegbar("ensureAkte")
        if let id = akten[akte.betriebId] { return id }
        let id = neueId("akte")
        akten[akte.betriebId] = id
        return id
    }

    public func ensureVorgang(_ vorgang: VorgangMetadaten, inAkte akte: EAkteObjektID) async throws -> EAkteObjektID {
        try pruefeVerfuegbar("ensureVorgang")
        guard akten.values.contains(akte) else { throw EAkteFehler(.dauerhaft, "Akte \(akte) gibt es nicht") }
        if let id = vorgaenge[vorgang.anzeigeId] { return id }
        let id = neueId("vorgang")
        vorgaenge[vorgang.anzeigeId] = id
        return id
    }

    public func fileDokument(
        _ dokument: AblageDokument, inVorgang vorgang: EAkteObjektID
    ) async throws
        -> AblageQuittung
    {
        fileDokumentCalls += 1
        try pruefeVerfuegbar("fileDokument")
        guard vorgaenge.values.contains(vorgang) else {
            throw EAkteFehler(.dauerhaft, "Vorgang \(vorgang) gibt es nicht")
        }
        let quittung = AblageQuittung(
            objektId: EAkteObjektID("\(vorgang.rawValue)/\(dokument.name)"), sha256: dokument.sha256,
            groesse: dokument.inhalt.count)
        if let vorhanden = dokumente[vorgang]?[dokument.name] {
            guard vorhanden.sha256 == dokument.sha256 else {
                throw EAkteFehler(.dauerhaft, "\(dokument.name): anderes Dokument gleichen Namens vorhanden")
            }
            return quittung
        }
        dokumente[vorgang, default: [:]][dokument.name] = Dokument(
            vorgang: vorgang, name: dokument.name, inhalt: dokument.inhalt, sha256: dokument.sha256,
            dokumentart: dokument.dokumentart)
        gespeicherteDokumente += 1
        return quittung
    }

    public func markVorgangErledigt(_ vorgang: EAkteObjektID, metadaten: VorgangMetadaten) async throws {
        try pruefeVerfuegbar("markVorgangErledigt")
        guard vorgaenge.values.contains(vorgang) else {
            throw EAkteFehler(.dauerhaft, "Vorgang \(vorgang) gibt es nicht")
        }
        erledigt.insert(vorgang)
    }

    public func lookupDokument(
        name: String, vorgang: VorgangMetadaten, akte: AkteMetadaten
    ) async throws
        -> AblageQuittung?
    {
        try pruefeVerfuegbar("lookupDokument")
        guard let id = vorgaenge[vorgang.anzeigeId], let dokument = dokumente[id]?[name] else { return nil }
        return AblageQuittung(
            objektId: EAkteObjektID("\(id.rawValue)/\(name)"), sha256: dokument.sha256, groesse: dokument.inhalt.count)
    }
}
