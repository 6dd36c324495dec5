import Foundation
import GewerbeEAkte
import GewerbeOutbox

/// The eAkte configuration file (`GEWERBE_EAKTE_CONFIG`, docs/operations.md): one connection per
/// municipality, a default for the others, and the worker's settings. Secrets are never in the
/// file: it names the environment variables that hold them.
///
/// ```json
/// {
///   "standard": { "art": "ordner", "wurzel": "/srv/eakte" },
///   "kommunen": {
///     "06636011": { "art": "cmis", "url": "https://eakte.example/browser", "repository": "gewerbe",
///                   "wurzel": "/Gewerbe/Sontra", "benutzerVariable": "EAKTE_SONTRA_USER",
///                   "passwortVariable": "EAKTE_SONTRA_PASSWORT" },
///     "06636016": { "art": "webdav", "url": "https://dms.example/dav/gewerbe" }
///   },
///   "worker": { "parallel": 4, "maxDauerhafteFehler": 5, "abfrageSekunden": 5, "sperrSekunden": 300,
///               "wartezeitBasisMillisekunden": 2000, "wartezeitMaxSekunden": 900 }
/// }
/// ```
struct EAkteKonfiguration: Decodable {
    struct Anbindung: Decodable {
        /// `cmis`, `webdav` or `ordner`.
        var art: String
        /// CMIS browser binding URL or WebDAV base URL.
        var url: String?
        /// CMIS repository id (default: the only one the service offers).
        var repository: String?
        /// CMIS root folder path, or the folder of `ordner`.
        var wurzel: String?
        var benutzerVariable: String?
        var passwortVariable: String?
        /// CMIS: use the secondary type `gewerbe:metadaten` where the repository offers it.
        var sekundaerTyp: Bool?
        var zeitlimitSekunden: Int?
    }

    struct Worker: Decodable {
        var parallel: Int?
        var maxDauerhafteFehler: Int?
        var abfrageSekunden: Int?
        var sperrSekunden: Int?
        /// First wait after a failed attempt (doubles with every attempt), default 2000 ms.
        var wartezeitBasisMillisekunden: Int?
        /// Longest wait between attempts, default 900 s (15 min).
        var wartezeitMaxSekunden: Int?
    }

    var standard: Anbindung?
    var kommunen: [String: Anbindung]?
    var worker: Worker?

    struct Fehler: Error, CustomStringConvertible {
        var description: String
    }

    static func laden(_ pfad: String) throws -> EAkteKonfiguration {
        guard let daten = FileManager.default.contents(atPath: pfad) else {
            throw Fehler(description: "eAkte-Konfiguration \(pfad) nicht lesbar")
        }
        do {
            return try JSONDecoder().decode(EAkteKonfiguration.self, from: daten)
        } catch {
            throw Fehler(description: "eAkte-Konfiguration \(pfad): \(error)")
        }
    }

    /// The demo default: every municipality files into a local folder.
    static func ordner(_ wurzel: String) -> EAkteKonfiguration {
        EAkteKonfiguration(standard: Anbindung(art: "ordner", wurzel: wurzel), kommunen: nil, worker: nil)
    }

    /// One connection per municipality of `alleKommunen` (explicit entry, else the default).
    func anbindungen(alleKommunen: [String], umgebung: (String) -> String?) throws -> [String: EAkteAnbindung] {
        var ergebnis: [String: EAkteAnbindung] = [:]
        for ags in Set(alleKommunen).union((kommunen ?? [:]).keys) {
            guard let eintrag = kommunen?[ags] ?? standard else { continue }
            ergebnis[ags] = try Self.anbindung(eintrag, ags: ags, umgebung: umgebung)
        }
        return ergebnis
    }

    static func anbindung(_ eintrag: Anbindung, ags: String, umgebung: (String) -> String?) throws -> EAkteAnbindung {
        func zugang() throws -> HTTPCredentials? {
            guard let benutzerVariable = eintrag.benutzerVariable else { return nil }
            guard let benutzer = umgebung(benutzerVariable), let passwortVariable = eintrag.passwortVariable,
                let passwort = umgebung(passwortVariable)
            else {
                throw Fehler(
                    description:
                        "eAkte \(ags): Umgebungsvariablen \(benutzerVariable)/\(eintrag.passwortVariable ?? "?") fehlen"
                )
            }
            return HTTPCredentials(user: benutzer, password: passwort)
        }
        let zeitlimit = Duration.seconds(eintrag.zeitlimitSekunden ?? 30)
        switch eintrag.art {
        case "cmis":
            guard let url = eintrag.url else { throw Fehler(description: "eAkte \(ags): 'url' fehlt") }
            return .cmis(
                CMISAblageConfiguration(
                    browserURL: url, repositoryId: eintrag.repository, rootPath: eintrag.wurzel ?? "/Gewerbe",
                    credentials: try zugang(), requestTimeout: zeitlimit, useSecondaryType: eintrag.sekundaerTyp ?? true
                ))
        case "webdav":
            guard let url = eintrag.url else { throw Fehler(description: "eAkte \(ags): 'url' fehlt") }
            return .webdav(
                WebDAVAblageConfiguration(baseURL: url, credentials: try zugang(), requestTimeout: zeitlimit))
        case "ordner":
            guard let wurzel = eintrag.wurzel else { throw Fehler(description: "eAkte \(ags): 'wurzel' fehlt") }
            return .ordner(DateiAblageConfiguration(wurzel: wurzel))
        default:
            throw Fehler(description: "eAkte \(ags): unbekannte Art '\(eintrag.art)' (cmis, webdav, ordner)")
        }
    }

    func workerKonfiguration(workerId: String) -> AblageWorkerConfiguration {
        AblageWorkerConfiguration(
            workerId: workerId, concurrency: worker?.parallel ?? 4,
            leaseDuration: .seconds(worker?.sperrSekunden ?? 300), pollInterval: .seconds(worker?.abfrageSekunden ?? 5),
            backoff: Backoff(
                base: .milliseconds(worker?.wartezeitBasisMillisekunden ?? 2000),
                cap: .seconds(worker?.wartezeitMaxSekunden ?? 900)),
            maxPermanentFailures: worker?.maxDauerhafteFehler ?? 5)
    }
}
