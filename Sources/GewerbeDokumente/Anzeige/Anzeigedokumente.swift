import Foundation
import GewerbeDomain

/// Renders the documents of a case (``Fall``) that the Fachverfahren files into the eAkte:
///
/// - the Anzeige as PDF laid out like the GewA form of its Meldeart (one per version; a version
///   above 1 is marked as Berichtigung with its reason),
/// - the machine-readable record of the same version as JSON,
/// - the Empfangsbescheinigung (section 15 Abs. 1 GewO) as PDF, once it is issued,
/// - the Vermerk about the withdrawal (Ruecknahme) as PDF.
///
/// Equal input gives byte-identical output: no clock is read, creation dates come from the case
/// (the version's `erfasstAm`, the date of the Empfangsbescheinigung, the time of the
/// withdrawal). Each document depends only on data that never changes once written, so that a
/// filing job that renders it again after a crash or an outage gets the same bytes and hash,
/// even if the case has been corrected or withdrawn in between. For that reason the optional
/// ``betrieb`` state, which every later Anzeige changes, never goes into a document; it only
/// gives the title of the Akte (``aktentitel``).
public struct Anzeigedokumente: Sendable {
    public let fall: Fall
    public let betrieb: BetriebZustand?

    public init(fall: Fall, betrieb: BetriebZustand? = nil) {
        self.fall = fall
        self.betrieb = betrieb
    }

    /// The documents a filing job of `art` files, for the case version `version` (for
    /// `anzeige` 1, for `berichtigung` the new version, for `empfangsbescheinigung` the version
    /// current when it was issued).
    public func dokumente(fuer art: Ablageauftragsart, version: Int) throws(DokumentFehler) -> [Dokumentdatei] {
        switch art {
        case .anzeige, .berichtigung:
            [try anzeigePDF(version: version), try anzeigeJSON(version: version)]
        case .empfangsbescheinigung:
            [try empfangsbescheinigungPDF(version: version)]
        case .ruecknahme:
            [try ruecknahmevermerkPDF()]
        }
    }

    /// The Anzeige of `version` (default: the current one) as PDF in the layout of its GewA form.
    public func anzeigePDF(version: Int? = nil) throws(DokumentFehler) -> Dokumentdatei {
        let fassung = try self.fassung(version)
        return Dokumentdatei(
            name: Dokumentnamen.anzeigePDF(
                aktenzeichen: fall.aktenzeichen, meldeart: fall.meldeart, version: fassung.version),
            mimeType: "application/pdf", dokumentart: .anzeigePDF,
            inhalt: GewAFormular(fall: fall, fassung: fassung).render())
    }

    /// The machine-readable record of `version` (default: the current one): the case's fixed
    /// metadata, the version's metadata and the Anzeige in its canonical JSON form, with sorted
    /// keys, pretty-printed, ending with a line break.
    public func anzeigeJSON(version: Int? = nil) throws(DokumentFehler) -> Dokumentdatei {
        let fassung = try self.fassung(version)
        let datensatz = Datensatz(
            format: Datensatz.formatKennung, fallId: fall.id.lowercased, aktenzeichen: fall.aktenzeichen,
            gemeindeschluessel: fall.gemeindeschluessel, betriebId: fall.betriebId.lowercased,
            meldeart: fall.meldeart.rawValue, formular: fall.meldeart.formular, version: fassung.version,
            erfasstAm: Zeitangabe.iso(fassung.erfasstAm), erfasstVon: fassung.erfasstVon,
            berichtigungsgrund: fassung.berichtigungsgrund, hinweise: fassung.hinweise,
            ausloesendeAnzeigeId: fall.ausloesendeAnzeigeId?.lowercased, anzeige: fassung.anzeige)
        let inhalt: Data
        do {
            inhalt = try JSONForm.daten(datensatz, lesbar: true) + Data("\n".utf8)
        } catch {
            throw DokumentFehler("Der Datensatz von \(fall.aktenzeichen) lässt sich nicht als JSON schreiben: \(error)")
        }
        return Dokumentdatei(
            name: Dokumentnamen.anzeigeJSON(
                aktenzeichen: fall.aktenzeichen, meldeart: fall.meldeart, version: fassung.version),
            mimeType: "application/json", dokumentart: .anzeigeJSON, inhalt: inhalt)
    }

    /// The Empfangsbescheinigung as PDF, about `version` (default: the current one).
    /// - Throws: ``DokumentFehler`` if the case has no Empfangsbescheinigung yet.
    public func empfangsbescheinigungPDF(version: Int? = nil) throws(DokumentFehler) -> Dokumentdatei {
        guard let bescheinigung = fall.empfangsbescheinigung else {
            throw DokumentFehler("Für \(fall.aktenzeichen) ist keine Empfangsbescheinigung ausgestellt")
        }
        let fassung = try self.fassung(version)
        return Dokumentdatei(
            name: Dokumentnamen.empfangsbescheinigung(aktenzeichen: fall.aktenzeichen), mimeType: "application/pdf",
            dokumentart: .empfangsbescheinigungPDF,
            inhalt: Bescheinigungen.empfangsbescheinigung(fall: fall, fassung: fassung, bescheinigung: bescheinigung))
    }

    /// The Vermerk about the withdrawal of the case as PDF.
    /// - Throws: ``DokumentFehler`` if the case is not withdrawn.
    public func ruecknahmevermerkPDF() throws(DokumentFehler) -> Dokumentdatei {
        guard let ruecknahme = fall.ruecknahme else {
            throw DokumentFehler("\(fall.aktenzeichen) ist nicht zurückgenommen")
        }
        return Dokumentdatei(
            name: Dokumentnamen.ruecknahmevermerk(aktenzeichen: fall.aktenzeichen), mimeType: "application/pdf",
            dokumentart: .ruecknahmePDF, inhalt: Bescheinigungen.ruecknahmevermerk(fall: fall, ruecknahme: ruecknahme))
    }

    /// The title of the Betrieb's Akte, e.g. `Gewerbeakte Änderungsschneiderei Weiß, Marktplatz 3,
    /// 36205 Sontra`: from the Betrieb's current state if given, else from the case's first version.
    public var aktentitel: String {
        let angaben = betrieb?.angaben ?? fall.versionen[0].anzeige
        let anschrift = angaben.betriebsstaette?.anschrift?.einzeilig ?? ""
        return "Gewerbeakte \(angaben.anzeigename)" + (anschrift.isEmpty ? "" : ", \(anschrift)")
    }

    /// The title of the case's Vorgang, e.g. `Gewerbeanmeldung 06636011-2026-00042 Änderungsschneiderei Weiß`
    /// (from the first version, so that it stays the same).
    public var vorgangstitel: String {
        "\(fall.meldeart.bezeichnung) \(fall.aktenzeichen) \(fall.versionen[0].anzeige.anzeigename)"
    }

    private func fassung(_ version: Int?) throws(DokumentFehler) -> Fallversion {
        guard !fall.versionen.isEmpty else { throw DokumentFehler("\(fall.aktenzeichen) hat keine Version") }
        guard let version else { return fall.aktuell }
        guard let fassung = fall.versionen.first(where: { $0.version == version }) else {
            throw DokumentFehler("\(fall.aktenzeichen) hat keine Version \(version)")
        }
        return fassung
    }
}

/// The JSON record of one version of a case.
struct Datensatz: Encodable {
    static let formatKennung = "gewerbe-anzeige-datensatz/1"
    var format: String
    var fallId: String
    var aktenzeichen: String
    var gemeindeschluessel: String
    var betriebId: String
    var meldeart: String
    var formular: String
    var version: Int
    var erfasstAm: String
    var erfasstVon: String
    var berichtigungsgrund: String?
    var hinweise: [Befund]
    var ausloesendeAnzeigeId: String?
    var anzeige: Anzeige
}
