import AsyncHTTPClient
import Foundation
import GewerbeDomain
import GewerbeGateway
import GewerbePostgres
import GewerbeXGewO
import Logging

/// Everything the transmission worker needs from the configuration: the recipient directory,
/// the names of the municipalities (the authors), the transport, and the HTTP client it uses
/// (shut it down when done).
struct GatewayZugang {
    let verzeichnis: Empfaengerverzeichnis
    let transport: any Uebermittlungstransport
    let bau: Nachrichtenbau
    let httpClient: HTTPClient?

    /// The recipient directory alone (the use cases need its settings per municipality).
    static func verzeichnis(_ konfiguration: Konfiguration) throws -> Empfaengerverzeichnis {
        do {
            return try Empfaengerverzeichnis(
                empfaenger: String(contentsOfFile: konfiguration.empfaengerDatei, encoding: .utf8),
                einstellungen: String(contentsOfFile: konfiguration.uebermittlungDatei, encoding: .utf8),
                dateinamen: (konfiguration.empfaengerDatei, konfiguration.uebermittlungDatei))
        } catch let fehler as VerzeichnisfehlerListe {
            throw KonfigurationsFehler(description: "Empfängerverzeichnis fehlerhaft:\n\(fehler)")
        } catch {
            throw KonfigurationsFehler(
                description:
                    "Empfängerverzeichnis nicht lesbar (\(konfiguration.empfaengerDatei), "
                    + "\(konfiguration.uebermittlungDatei)): \(error.localizedDescription)")
        }
    }

    static func laden(_ konfiguration: Konfiguration, kommunen: [Kommune]) throws -> GatewayZugang {
        let verzeichnis = try verzeichnis(konfiguration)
        let gemeinden = Dictionary(kommunen.map { ($0.ags, "\($0.art) \($0.name)") }, uniquingKeysWith: { a, _ in a })
        let bau = Nachrichtenbau(verzeichnis: verzeichnis, gemeinden: gemeinden)
        let ziel = konfiguration.gateway ?? "ordner:" + konfiguration.datenordnerAbsolut + "/gateway"
        if ziel.hasPrefix("http://") || ziel.hasPrefix("https://") {
            let token = try konfiguration.gatewayTokenVariable.map { variable in
                guard let wert = konfiguration.geheimnis(variable), !wert.isEmpty else {
                    throw KonfigurationsFehler(
                        description: "GEWERBE_GATEWAY_TOKEN_VAR nennt \(variable), diese Variable ist leer.")
                }
                return wert
            }
            var http = HTTPClient.Configuration()
            http.timeout = .init(connect: .seconds(5))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
            do {
                let transport = try HTTPGatewayTransport(basis: ziel, token: token, client: client)
                return GatewayZugang(verzeichnis: verzeichnis, transport: transport, bau: bau, httpClient: client)
            } catch {
                try? client.syncShutdown()
                throw KonfigurationsFehler(description: "GEWERBE_GATEWAY: \(error)")
            }
        }
        let pfad = ziel.hasPrefix("ordner:") ? String(ziel.dropFirst("ordner:".count)) : ziel
        guard pfad.hasPrefix("/") else {
            throw KonfigurationsFehler(
                description: "GEWERBE_GATEWAY: '\(ziel)' ist weder eine http(s)-URL noch ein absoluter Ordner.")
        }
        return GatewayZugang(
            verzeichnis: verzeichnis, transport: OrdnerTransport(ordner: URL(fileURLWithPath: pfad)), bau: bau,
            httpClient: nil)
    }

    func worker(_ database: Database, workerId: String, uhr: any Uhr = SystemUhr()) -> UebermittlungsWorker {
        UebermittlungsWorker(
            queue: PostgresUebermittlungsauftragQueue(database: database, uhr: uhr), transport: transport, bau: bau,
            configuration: UebermittlungsWorkerConfiguration(workerId: workerId), uhr: uhr,
            logger: Logger(label: "gewerbe.uebermittlung"))
    }

    func schliessen() async { try? await httpClient?.shutdown() }
}
