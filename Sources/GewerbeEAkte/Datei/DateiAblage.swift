import Foundation
import GewerbeDomain
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Configuration of the folder adapter (``DateiAblage``).
public struct DateiAblageConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The folder below which the adapter files, e.g. `.gewerbe/eakte` (demo) or the mount point
    /// of a file share.
    public var wurzel: String
    /// Creates ``wurzel`` if it is missing (demo). Off for file shares: a missing root then
    /// means "share not mounted", a transient error, instead of filing onto the local disk.
    public var wurzelAnlegen: Bool
    /// Flushes every written file to disk (`fsync`) before it is moved into place.
    public var fsync: Bool

    public init(wurzel: String, wurzelAnlegen: Bool = true, fsync: Bool = true) {
        self.wurzel = wurzel
        self.wurzelAnlegen = wurzelAnlegen
        self.fsync = fsync
    }

    public var description: String { "DateiAblageConfiguration(wurzel: \(wurzel))" }
}

/// Files Akten, Vorgaenge and Dokumente into a local folder or a mounted file share, with the
/// same layout as the WebDAV adapter: `<wurzel>/<AGS>/Betrieb-<betriebId>/<Aktenzeichen>/<Dokument>`
/// and a metadata sidecar `<name>.metadata.json` next to every Akte, Vorgang and Dokument.
///
/// Object ids are paths relative to the root with `/` (`06636001/Betrieb-…/06636001-2026-00042`),
/// so that the share can be mounted elsewhere.
///
/// Writes are atomic: content goes to a temporary file `.upload-<hash>-<name>` in the target
/// folder, is flushed, and is then linked into place without overwriting (`link(2)`), so that a
/// crash never leaves a half-written document under its final name. Idempotent: folders are
/// looked up before they are created; an existing document is accepted only with the expected
/// SHA-256 (computed from its content); one whose sidecar says it is ours but whose content is
/// incomplete is replaced; anything else under our name is a `.dauerhaft` error.
///
/// Errors: a missing root (share not mounted), a full disk and I/O errors are `.voruebergehend`;
/// missing permissions and foreign objects are `.dauerhaft`.
public struct DateiAblage: EAkteAblage {
    public let art = "ordner"
    public let configuration: DateiAblageConfiguration
    private let wurzel: URL
    private let logger: Logger

    public init(configuration: DateiAblageConfiguration, logger: Logger = Logger(label: "gewerbe.eakte.ordner")) throws
    {
        guard !configuration.wurzel.isEmpty else {
            throw EAkteFehler(.dauerhaft, "Der Ablageordner ist nicht angegeben")
        }
        self.configuration = configuration
        self.wurzel = URL(fileURLWithPath: configuration.wurzel, isDirectory: true).standardizedFileURL
        self.logger = logger
    }

    // MARK: - EAkteAblage

    public func ensureAkte(_ akte: AkteMetadaten) async throws -> EAkteObjektID {
        try pruefeWurzel()
        let gemeinde = AblageNamen.gemeinde(akte.gemeindeschluessel)
        try ensureOrdner(gemeinde)
        let pfad = gemeinde + "/" + AblageNamen.akte(betriebId: akte.betriebId)
        try ensureOrdner(
            pfad, art: "akte", felder: AblageMetadaten.akte(akte),
            schluessel: (.betriebId, akte.betriebId.lowercased))
        return EAkteObjektID(pfad)
    }

    public func ensureVorgang(_ vorgang: VorgangMetadaten, inAkte akte: EAkteObjektID) async throws -> EAkteObjektID {
        try pruefeWurzel()
        let aktePfad = try relativ(akte)
        guard istOrdner(aktePfad) else { throw EAkteFehler(.dauerhaft, "Akte \(aktePfad) gibt es nicht") }
        let pfad = aktePfad + "/" + AblageNamen.vorgang(aktenzeichen: vorgang.aktenzeichen)
        try ensureOrdner(
            pfad, art: "vorgang", felder: AblageMetadaten.vorgang(vorgang),
            schluessel: (.anzeigeId, vorgang.anzeigeId.lowercased))
        return EAkteObjektID(pfad)
    }

    public func fileDokument(
        _ dokument: AblageDokument, inVorgang vorgang: EAkteObjektID
    ) async throws
        -> AblageQuittung
    {
        try pruefeWurzel()
        let vorgangPfad = try relativ(vorgang)
        guard istOrdner(vorgangPfad) else { throw EAkteFehler(.dauerhaft, "Vorgang \(vorgangPfad) gibt es nicht") }
        let name = AblageNamen.dokument(dokument.name)
        let pfad = vorgangPfad + "/" + name
        let erwartet = dokument.sha256.lowercased()
        let ziel = url(pfad)
        if existiert(pfad) {
            return try pruefeVorhandenes(dokument, pfad: pfad)
        }
        let temporaer = url(vorgangPfad + "/" + Self.temporaererName(name, erwartet))
        try schreibe(dokument.inhalt, nach: temporaer)
        defer {
            _ = unlink(temporaer.path)
            raeumeReste(vorgangPfad, name: name, sha256: erwartet)
        }
        if link(temporaer.path, ziel.path) != 0 {
            let fehler = errno
            guard fehler == EEXIST else {
                // File systems without hard links (some SMB mounts): rename, which may overwrite a
                // document that appeared meanwhile; that one would be ours (same name, same key).
                guard fehler == EPERM || fehler == ENOTSUP || fehler == EXDEV else {
                    throw Self.fehler(fehler, "Ablegen von \(pfad)")
                }
                guard rename(temporaer.path, ziel.path) == 0 else { throw Self.fehler(errno, "Ablegen von \(pfad)") }
                try synchronisiereOrdner(vorgangPfad)
                try sidecarSchreiben(pfad, art: "dokument", felder: AblageMetadaten.dokument(dokument))
                return try bestaetige(pfad, erwartet)
            }
            // Someone put it there meanwhile: check theirs.
            return try pruefeVorhandenes(dokument, pfad: pfad)
        }
        try synchronisiereOrdner(vorgangPfad)
        try sidecarSchreiben(pfad, art: "dokument", felder: AblageMetadaten.dokument(dokument))
        logger.info("document filed", metadata: ["path": "\(pfad)"])
        return try bestaetige(pfad, erwartet)
    }

    public func markVorgangErledigt(_ vorgang: EAkteObjektID, metadaten: VorgangMetadaten) async throws {
        try pruefeWurzel()
        let pfad = try relativ(vorgang)
        guard istOrdner(pfad) else { throw EAkteFehler(.dauerhaft, "Vorgang \(pfad) gibt es nicht (mehr)") }
        if try sidecarLesen(pfad)?["status"] != "erledigt" {
            try sidecarSchreiben(pfad, art: "vorgang", felder: AblageMetadaten.vorgang(metadaten, status: "erledigt"))
            logger.info("Vorgang completed", metadata: ["path": "\(pfad)"])
        }
    }

    public func lookupDokument(
        name: String, vorgang: VorgangMetadaten, akte: AkteMetadaten
    ) async throws
        -> AblageQuittung?
    {
        try pruefeWurzel()
        let pfad =
            AblageNamen.gemeinde(akte.gemeindeschluessel) + "/" + AblageNamen.akte(betriebId: akte.betriebId) + "/"
            + AblageNamen.vorgang(aktenzeichen: vorgang.aktenzeichen) + "/" + AblageNamen.dokument(name)
        guard existiert(pfad) else { return nil }
        guard !istOrdner(pfad) else { throw EAkteFehler(.dauerhaft, "\(pfad) ist ein Ordner, kein Dokument") }
        let inhalt = try lesen(pfad)
        return AblageQuittung(
            objektId: EAkteObjektID(pfad), sha256: AblageMetadaten.sha256(inhalt), groesse: inhalt.count)
    }

    // MARK: - Folders

    private func pruefeWurzel() throws {
        var istVerzeichnis: ObjCBool = false
        if FileManager.default.fileExists(atPath: wurzel.path, isDirectory: &istVerzeichnis) {
            guard istVerzeichnis.boolValue else {
                throw EAkteFehler(.dauerhaft, "Der Ablageordner \(wurzel.path) ist kein Ordner")
            }
            return
        }
        guard configuration.wurzelAnlegen else {
            throw EAkteFehler(.voruebergehend, "Der Ablageordner \(wurzel.path) ist nicht erreichbar")
        }
        do {
            try FileManager.default.createDirectory(at: wurzel, withIntermediateDirectories: true)
        } catch {
            throw Self.fehler(error, "Anlegen des Ablageordners")
        }
    }

    /// Finds or creates a folder; checks the key in its sidecar and writes a missing sidecar.
    private func ensureOrdner(
        _ pfad: String, art: String? = nil, felder: [(AblageFeld, String)]? = nil,
        schluessel: (AblageFeld, String)? = nil
    ) throws {
        if existiert(pfad) {
            guard istOrdner(pfad) else { throw EAkteFehler(.dauerhaft, "\(pfad) ist kein Ordner") }
        } else if mkdir(url(pfad).path, 0o755) != 0 && errno != EEXIST {
            throw Self.fehler(errno, "Anlegen von \(pfad)")
        } else {
            logger.info("folder created", metadata: ["path": "\(pfad)"])
        }
        guard let art, let felder else { return }
        if let sidecar = try sidecarLesen(pfad) {
            if let (feld, erwartet) = schluessel, let gespeichert = sidecar[feld.rawValue], gespeichert != erwartet {
                throw EAkteFehler(
                    .dauerhaft, "\(pfad) gehört zu \(feld.beschriftung) \(gespeichert), nicht zu \(erwartet)")
            }
            return
        }
        try sidecarSchreiben(pfad, art: art, felder: felder)
    }

    // MARK: - Documents

    /// Accepts a document already under our name if its content has the expected hash; repairs
    /// one whose sidecar says it is ours but whose content differs (a write that broke off on a
    /// file system without atomic rename); refuses anything else.
    private func pruefeVorhandenes(_ dokument: AblageDokument, pfad: String) throws -> AblageQuittung {
        guard !istOrdner(pfad) else { throw EAkteFehler(.dauerhaft, "\(pfad) ist ein Ordner, kein Dokument") }
        let erwartet = dokument.sha256.lowercased()
        let inhalt = try lesen(pfad)
        let ist = AblageMetadaten.sha256(inhalt)
        let gespeichert = try sidecarLesen(pfad)?["sha256"]?.lowercased()
        if ist == erwartet {
            if gespeichert != erwartet {
                try sidecarSchreiben(pfad, art: "dokument", felder: AblageMetadaten.dokument(dokument))
            }
            return AblageQuittung(objektId: EAkteObjektID(pfad), sha256: ist, groesse: inhalt.count)
        }
        guard gespeichert == erwartet else {
            throw EAkteFehler(
                .dauerhaft,
                "\(pfad): In der Ablage liegt bereits ein anderes Dokument (SHA-256 \(ist), abzulegen: \(erwartet))")
        }
        logger.warning("incomplete document replaced", metadata: ["path": "\(pfad)"])
        let ordner = (pfad as NSString).deletingLastPathComponent
        let temporaer = url(ordner + "/" + Self.temporaererName(AblageNamen.dokument(dokument.name), erwartet))
        try schreibe(dokument.inhalt, nach: temporaer)
        guard rename(temporaer.path, url(pfad).path) == 0 else {
            let fehler = errno
            _ = unlink(temporaer.path)
            throw Self.fehler(fehler, "Ersetzen von \(pfad)")
        }
        try synchronisiereOrdner(ordner)
        return try bestaetige(pfad, erwartet)
    }

    /// Reads the stored content back and compares its hash.
    private func bestaetige(_ pfad: String, _ erwartet: String) throws -> AblageQuittung {
        let inhalt = try lesen(pfad)
        let ist = AblageMetadaten.sha256(inhalt)
        guard ist == erwartet else {
            throw EAkteFehler(.voruebergehend, "\(pfad): gespeicherter Inhalt weicht ab (SHA-256 \(ist))")
        }
        return AblageQuittung(objektId: EAkteObjektID(pfad), sha256: ist, groesse: inhalt.count)
    }

    /// A temporary name unique to this attempt: `.upload-<hash>-<zufall>-<name>` (hidden, so
    /// that a leftover never looks like a document).
    static func temporaererName(_ name: String, _ sha256: String) -> String {
        ".upload-\(sha256.prefix(16))-\(UUID().uuidString.prefix(8).lowercased())-\(name)"
    }

    /// Removes temporary files that earlier, broken attempts left for this document.
    private func raeumeReste(_ ordner: String, name: String, sha256: String) {
        let praefix = ".upload-\(sha256.prefix(16))-"
        guard let eintraege = try? FileManager.default.contentsOfDirectory(atPath: url(ordner).path) else { return }
        for eintrag in eintraege where eintrag.hasPrefix(praefix) && eintrag.hasSuffix("-" + name) {
            _ = unlink(url(ordner + "/" + eintrag).path)
        }
    }

    // MARK: - Sidecars

    /// `<name>.metadata.json` next to the object (as in the WebDAV layout).
    static func sidecarPfad(_ pfad: String) -> String { pfad + ".metadata.json" }

    private func sidecarLesen(_ pfad: String) throws -> [String: String]? {
        let sidecar = Self.sidecarPfad(pfad)
        guard existiert(sidecar) else { return nil }
        let data = try lesen(sidecar)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: String] ?? [:]
    }

    /// Writes the sidecar atomically (temporary file, then `rename`, which replaces the old one).
    private func sidecarSchreiben(_ pfad: String, art: String, felder: [(AblageFeld, String)]) throws {
        var objekt: [String: String] = ["art": art]
        for (feld, wert) in felder { objekt[feld.rawValue] = wert }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: objekt, options: [.sortedKeys, .prettyPrinted])
        } catch {
            throw EAkteFehler(.dauerhaft, "Metadaten von \(pfad) nicht lesbar: \(error)")
        }
        let sidecar = Self.sidecarPfad(pfad)
        let ordner = (sidecar as NSString).deletingLastPathComponent
        let name = (sidecar as NSString).lastPathComponent
        let temporaer = url((ordner.isEmpty ? "" : ordner + "/") + ".upload-\(UUID().uuidString.prefix(8))-\(name)")
        try schreibe(data, nach: temporaer)
        guard rename(temporaer.path, url(sidecar).path) == 0 else {
            let fehler = errno
            _ = unlink(temporaer.path)
            throw Self.fehler(fehler, "Schreiben von \(sidecar)")
        }
    }

    // MARK: - File system

    private func url(_ pfad: String) -> URL { wurzel.appendingPathComponent(pfad) }

    /// The relative path of an object id; refuses ids that leave the root.
    private func relativ(_ id: EAkteObjektID) throws -> String {
        let teile = id.rawValue.split(separator: "/").map(String.init)
        guard !teile.isEmpty, !teile.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }) else {
            throw EAkteFehler(.dauerhaft, "Ungültige Objekt-ID \(id)")
        }
        return teile.joined(separator: "/")
    }

    private func existiert(_ pfad: String) -> Bool {
        var info = stat()
        return lstat(url(pfad).path, &info) == 0
    }

    private func istOrdner(_ pfad: String) -> Bool {
        var istVerzeichnis: ObjCBool = false
        return FileManager.default.fileExists(atPath: url(pfad).path, isDirectory: &istVerzeichnis)
            && istVerzeichnis.boolValue
    }

    private func lesen(_ pfad: String) throws -> Data {
        do {
            return try Data(contentsOf: url(pfad))
        } catch {
            throw Self.fehler(error, "Lesen von \(pfad)")
        }
    }

    /// Creates `ziel` exclusively, writes `data`, flushes it if configured. A leftover of an
    /// earlier broken attempt under the same temporary name is replaced.
    private func schreibe(_ data: Data, nach ziel: URL) throws {
        _ = unlink(ziel.path)
        let deskriptor = open(ziel.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard deskriptor >= 0 else { throw Self.fehler(errno, "Schreiben von \(ziel.lastPathComponent)") }
        let handle = FileHandle(fileDescriptor: deskriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            if configuration.fsync { try handle.synchronize() }
            try handle.close()
        } catch {
            try? handle.close()
            _ = unlink(ziel.path)
            throw Self.fehler(error, "Schreiben von \(ziel.lastPathComponent)")
        }
    }

    /// Flushes a folder's entries (the new name) to disk, if configured.
    private func synchronisiereOrdner(_ pfad: String) throws {
        guard configuration.fsync else { return }
        let deskriptor = open(url(pfad).path, O_RDONLY)
        guard deskriptor >= 0 else { return }
        defer { close(deskriptor) }
        _ = fsync(deskriptor)
    }

    static func fehler(_ nummer: Int32, _ was: String) -> EAkteFehler {
        let text = String(cString: strerror(nummer))
        switch nummer {
        case EACCES, EPERM, EROFS, ENAMETOOLONG, ENOTDIR, EISDIR, EEXIST:
            return EAkteFehler(.dauerhaft, "\(was): \(text)")
        default:
            // ENOENT (share gone), ENOSPC, EIO, ESTALE, EAGAIN, ...: may pass.
            return EAkteFehler(.voruebergehend, "\(was): \(text)")
        }
    }

    static func fehler(_ error: any Error, _ was: String) -> EAkteFehler {
        if let fehler = error as? EAkteFehler { return fehler }
        if let posix = error as? POSIXError { return fehler(posix.code.rawValue, was) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return fehler(Int32(ns.code), was) }
        if let unterliegend = ns.userInfo[NSUnderlyingErrorKey] as? NSError, unterliegend.domain == NSPOSIXErrorDomain {
            return fehler(Int32(unterliegend.code), was)
        }
        switch ns.code {
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError, NSFileWriteVolumeReadOnlyError:
            return EAkteFehler(.dauerhaft, "\(was): keine Berechtigung")
        default:
            return EAkteFehler(.voruebergehend, "\(was): \(ns.localizedDescription)")
        }
    }
}
