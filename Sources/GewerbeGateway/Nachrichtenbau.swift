import Foundation
import GewerbeDomain
import GewerbeXGewO

/// Writes the message of a transmission job and checks it before it leaves: the writer
/// (``Gewerbemeldung``) cut to the recipient's profile, the schema of (version, type) from the
/// bundle, and the profile's rows once more. Every input comes from the job, its Satz and the
/// stored case, so the same job always gives the same bytes (the gateway's dedup by UUID and
/// hash relies on it); only the reader's address is looked up now, in the recipient directory.
public struct Nachrichtenbau: Sendable {
    public let verzeichnis: Empfaengerverzeichnis
    /// The name of each municipality of the instance (the author of its messages).
    public let gemeinden: [String: String]
    public let schemata: Schemaverzeichnis
    public let version: String

    public init(
        verzeichnis: Empfaengerverzeichnis, gemeinden: [String: String], schemata: Schemaverzeichnis = .eingebettet,
        version: String = Namensraum.version
    ) {
        self.verzeichnis = verzeichnis
        self.gemeinden = gemeinden
        self.schemata = schemata
        self.version = version
    }

    /// Why a job's message cannot leave: no address, or it fails its own checks.
    public struct Fehler: Error, Sendable, CustomStringConvertible {
        public var meldung: String
        public var description: String { meldung }
    }

    /// The reader of a message: the other Gewerbeamt (`MELDID` + AGS) or the directory's entry.
    public func leser(_ nachricht: GeplanteNachricht, ags: String) -> Kommunikationspartner? {
        if nachricht.empfaenger == .gewerbeamt {
            let ziel = nachricht.gemeindeschluessel ?? ags
            return .gewerbeamt(ags: ziel, name: gemeinden[ziel].map { "\($0), Gewerbeamt" } ?? "Gewerbeamt \(ziel)")
        }
        return verzeichnis.adresse(nachricht.empfaenger, ags: ags).flatMap(Kommunikationspartner.init)
    }

    /// The message of `vorlage`, written and checked.
    public func baue(_ vorlage: Uebermittlungsvorlage) -> Result<AusgehendeNachricht, Fehler> {
        let (auftrag, satz, fall) = (vorlage.auftrag, vorlage.satz, vorlage.fall)
        guard let anzeige = vorlage.anzeige else {
            return .failure(Fehler(meldung: "Version \(satz.version) des Falls \(fall.aktenzeichen) fehlt"))
        }
        guard let leser = leser(auftrag.nachricht, ags: auftrag.gemeindeschluessel) else {
            return .failure(
                Fehler(
                    meldung:
                        "Adresse fehlt: keine DVDV-Kennung für \(auftrag.nachricht.empfaenger.rawValue) der Gemeinde "
                        + "\(auftrag.gemeindeschluessel) im Empfängerverzeichnis"))
        }
        let ags = auftrag.gemeindeschluessel
        let nachrichtenauftrag = Nachrichtenauftrag(
            nachricht: auftrag.nachricht, nachrichtenUUID: auftrag.id, satzUUID: satz.id, erstellt: satz.erstelltAm,
            autor: .gewerbeamt(ags: ags, name: "\(gemeinden[ags] ?? ags), Gewerbeamt"), leser: leser, anzeige: anzeige,
            nachher: satz.nachher, vorher: satz.vorher, betriebId: fall.betriebId, aktenzeichen: fall.aktenzeichen,
            anhaltspunkteZoll: satz.anhaltspunkteZoll)
        let knoten = Gewerbemeldung.knoten(nachrichtenauftrag)
        let xml = knoten.dokument(namensraeume: Namensraum.alle)
        let typ = auftrag.nachricht.nachrichtentyp
        let befunde =
            schemata.pruefe(xml, version: version, nachrichtentyp: typ).map { "Schema: \($0)" }
            + Profilfilter.verstoesse(knoten, nachrichtentyp: typ).map { "Profil: \($0.code)" }
        guard befunde.isEmpty else {
            return .failure(Fehler(meldung: "Nachricht ungültig: " + befunde.prefix(5).joined(separator: "; ")))
        }
        return .success(
            AusgehendeNachricht(
                nachrichtenUUID: auftrag.id, nachrichtentyp: typ, version: version, leser: leser, xml: Data(xml.utf8)))
    }
}
