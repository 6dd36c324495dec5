import Foundation
import GewerbeDomain

/// A case as the API shows it (`Fall` in `docs/openapi.yaml`): the stored case with its ETag,
/// its current version's Anzeige and `hinweis` findings at the top, and every version.
struct FallDarstellung: Encodable {
    let id: UUID
    let aktenzeichen: String
    let gemeindeschluessel: String
    let betriebId: UUID
    let meldeart: Meldeart
    let status: Fallstatus
    /// Number of the current version (1 = as submitted).
    let version: Int
    let revision: Int
    let etag: String
    let eingangsdatum: Datum?
    let empfangsbescheinigungFaellig: Datum?
    let empfangsbescheinigung: Empfangsbescheinigung?
    let ablage: Ablagestatus
    let ruecknahme: Ruecknahme?
    let ausloesendeAnzeigeId: UUID?
    let hinweise: [Befund]
    let anzeige: Anzeige
    let versionen: [Fallversion]

    init(_ fall: Fall) {
        id = fall.id
        aktenzeichen = fall.aktenzeichen
        gemeindeschluessel = fall.gemeindeschluessel
        betriebId = fall.betriebId
        meldeart = fall.meldeart
        status = fall.status
        version = fall.aktuell.version
        revision = fall.revision
        etag = fall.etag
        eingangsdatum = fall.anzeige.eingangsdatum
        empfangsbescheinigungFaellig = fall.empfangsbescheinigungFaellig
        empfangsbescheinigung = fall.empfangsbescheinigung
        ablage = fall.ablage
        ruecknahme = fall.ruecknahme
        ausloesendeAnzeigeId = fall.ausloesendeAnzeigeId
        hinweise = fall.aktuell.hinweise
        anzeige = fall.anzeige
        versionen = fall.versionen
    }
}

/// A Betrieb with its current state and full history (`Betrieb` in the spec).
struct BetriebDarstellung: Encodable {
    let betriebId: UUID
    let gemeindeschluessel: String
    /// `null` when every case of the Betrieb was withdrawn.
    let zustand: BetriebZustand?
    let faelle: [FallDarstellung]

    init(_ akte: BetriebAkte) {
        betriebId = akte.betriebId
        gemeindeschluessel = akte.gemeindeschluessel
        zustand = akte.zustand
        faelle = akte.faelle.map(FallDarstellung.init)
    }
}

/// A page of a list (`eintraege`, `naechsterCursor`, `limit`).
struct SeitenDarstellung<Eintrag: Encodable & Sendable & Codable>: Encodable {
    let eintraege: [Eintrag]
    let naechsterCursor: String?
    let limit: Int

    init(_ seite: Seite<Eintrag>, limit: Int) {
        eintraege = seite.eintraege
        naechsterCursor = seite.naechsterCursor
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey { case eintraege, naechsterCursor, limit }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eintraege, forKey: .eintraege)
        // Always present, `null` on the last page, so that clients can loop on it.
        try container.encode(naechsterCursor, forKey: .naechsterCursor)
        try container.encode(limit, forKey: .limit)
    }
}

/// `/health` and `/ready`.
struct StatusDarstellung: Encodable {
    let status: String
    let pruefungen: [Bereitschaftspruefung]?
}
