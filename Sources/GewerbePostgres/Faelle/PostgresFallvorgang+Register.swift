import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

extension PostgresFallvorgang {
    // MARK: - The work list

    func faelle(
        _ filter: Fallfilter, kommunen: [String], sicht: Sicht, heute: Datum, nach: [String]?, limit: Int
    ) async throws -> [Fallzeile] {
        // One municipality: an equality (the array's only element), so that the index gives the rows
        // in list order; several: `= ANY`.
        let einzeln = kommunen.count == 1
        let query: PostgresQuery = """
            SELECT f.id, f.aktenzeichen, f.ags::text, f.betrieb_id, f.meldeart, f.status, f.name,
                   f.eingangsdatum::text, f.ereignisdatum::text, f.empfang_am::text, f.empfang_von,
                   f.empfang_faellig::text,
                   (f.status = 'wirksam' AND f.empfang_am IS NULL AND f.empfang_faellig < \(heute.iso)::date),
                   f.ablage, f.version
            FROM faelle f
            WHERE f.ags = \(unescaped: einzeln ? "" : "ANY ")(\(kommunen)::char(8)[])\(unescaped: einzeln ? "[1]" : "")
              AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
              AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon)))
              AND (\(filter.ohneEmpfangsbescheinigung)::boolean IS NULL
                   OR (f.status = 'wirksam' AND f.empfang_am IS NULL) = \(filter.ohneEmpfangsbescheinigung))
              AND (\(filter.ueberfaellig)::boolean IS NULL
                   OR (f.status = 'wirksam' AND f.empfang_am IS NULL AND f.empfang_faellig < \(heute.iso)::date)
                      = \(filter.ueberfaellig))
              AND (\(filter.meldeart?.rawValue)::text IS NULL OR f.meldeart = \(filter.meldeart?.rawValue))
              AND (\(filter.status?.rawValue)::text IS NULL OR f.status = \(filter.status?.rawValue))
              AND (\(filter.ablage?.rawValue)::text IS NULL OR f.ablage = \(filter.ablage?.rawValue))
              AND (\(filter.eingangVon?.iso)::date IS NULL OR f.eingangsdatum >= \(filter.eingangVon?.iso)::date)
              AND (\(filter.eingangBis?.iso)::date IS NULL OR f.eingangsdatum <= \(filter.eingangBis?.iso)::date)
              AND (\(nach?[0])::date IS NULL
                   OR (f.eingangsdatum, f.aktenzeichen) > (\(nach?[0])::date, \(nach?[1])::text COLLATE "C"))
            ORDER BY f.eingangsdatum, f.aktenzeichen
            LIMIT \(limit)
            """
        let zeilen = try await connection.zeilen(
            query,
            (
                UUID, String, String, UUID, String, String, String, String, String?, String?, String?, String,
                Bool, String, Int
            ).self, logger: logger)
        var eintraege: [Fallzeile] = []
        for (
            id, aktenzeichen, ags, betriebId, meldeartText, statusText, name, eingangText, ereignis, empfangAm,
            empfangVon, faelligText, ueberfaellig, ablageText, version
        ) in zeilen {
            guard let meldeart = Meldeart(rawValue: meldeartText), let status = Fallstatus(rawValue: statusText),
                let eingang = Datum(iso: eingangText), let faellig = Datum(iso: faelligText),
                let ablage = Ablagestatus(rawValue: ablageText)
            else { throw GespeicherteDatenUngueltig("Fall \(aktenzeichen): gespeicherte Werte sind ungültig.") }
            eintraege.append(
                Fallzeile(
                    id: id, aktenzeichen: aktenzeichen, gemeindeschluessel: ags, betriebId: betriebId,
                    meldeart: meldeart, status: status, name: name, eingangsdatum: eingang,
                    ereignisdatum: ereignis.flatMap(Datum.init(iso:)),
                    empfangsbescheinigung: empfangAm.flatMap(Datum.init(iso:)).map {
                        Empfangsbescheinigung(ausgestelltAm: $0, ausgestelltVon: empfangVon ?? "")
                    }, empfangsbescheinigungFaellig: faellig, ueberfaellig: ueberfaellig, ablage: ablage,
                    version: version))
        }
        return eintraege
    }

    // MARK: - One Betrieb

    func betrieb(_ id: UUID, kommunen: [String]) async throws -> BetriebAkte? {
        let zeilen = try await connection.zeilen(
            """
            SELECT b.ags::text, b.zustand::text
            FROM betriebe b
            WHERE b.id = \(id) AND b.ags = ANY (\(kommunen)::char(8)[])
            """, (String, String?).self, logger: logger)
        guard let (ags, zustandJSON) = zeilen.first else { return nil }
        let zustand = try zustandJSON.map { try JSONText.lies(BetriebZustand.self, $0) }
        return BetriebAkte(
            zustand: zustand, betriebId: id, gemeindeschluessel: ags, faelle: try await faelle(betrieb: id, ags: ags))
    }

    // MARK: - Register search

    /// The Betriebe matching `k`, in register order (folded name, id): the keys come from
    /// `gewerbe_register_suche` (migration 0006), the rows are read again through row-level security.
    func suche(_ k: Registerabfrage) async throws -> [Registerfund] {
        let name = k.name.map(Registertext.likeMuster)
        let person = k.person.map(Registertext.likeMuster)
        let nameOderPerson = k.nameOderPerson.map(Registertext.likeMuster)
        let anschrift = k.anschrift.map(Registertext.likeMuster)
        let zeilen = try await connection.zeilen(
            """
            SELECT b.ags::text, b.id, b.sortname, b.name, b.status, b.betriebsanschrift, b.taetigkeit, b.wz,
                   b.personen, b.beginn::text, b.ende::text, CASE WHEN \(k.mitZustand) THEN b.zustand::text END
            FROM gewerbe_register_suche(
                    \(k.kommunen)::char(8)[], \(name)::text, \(person)::text, \(nameOderPerson)::text,
                    \(anschrift)::text, \(k.wz)::text, \(k.status?.rawValue)::text, \(k.beginnVon?.iso)::date, \(k.beginnBis?.iso)::date,
                    \(k.endeVon?.iso)::date, \(k.endeBis?.iso)::date, \(k.nach?[0])::text,
                    \(k.nach.flatMap { UUID(uuidString: $0[1]) })::uuid, \(k.limit)::integer
                 ) WITH ORDINALITY AS s (ags, id, nr)
            JOIN betriebe b ON b.ags = s.ags AND b.id = s.id
            WHERE b.ags = ANY (\(k.kommunen)::char(8)[])
            ORDER BY s.nr
            """,
            (String, UUID, String, String, String?, String, String, [String], [String], String?, String?, String?)
                .self, logger: logger)
        return try zeilen.compactMap {
            (ags, id, sortname, name, statusText, anschrift, taetigkeit, wz, personen, beginn, ende, zustand) in
            guard let status = statusText.flatMap(Betriebsstatus.init(rawValue:)) else { return nil }
            return Registerfund(
                sortname: sortname,
                treffer: Registertreffer(
                    betriebId: id, gemeindeschluessel: ags, name: name, status: status, betriebsanschrift: anschrift,
                    taetigkeit: taetigkeit, wz: wz, personen: personen, beginn: beginn.flatMap(Datum.init(iso:)),
                    ende: ende.flatMap(Datum.init(iso:))),
                zustand: try zustand.map { try JSONText.lies(BetriebZustand.self, $0) })
        }
    }

    // MARK: - Pending Rueckmeldungen

    func offeneRueckmeldungen(kommunen: [String]) async throws -> [OffeneRueckmeldung] {
        let zeilen = try await connection.zeilen(
            """
            SELECT r.id, r.ags::text, r.grund, r.meldung, r.anmeldung_fall_id, r.anmeldung_aktenzeichen,
                   r.anmeldung_ags::text, r.herkunft_ags, r.herkunft_betrieb_id, r.erstellt_am
            FROM rueckmeldungen r
            WHERE r.ags = ANY (\(kommunen)::char(8)[]) AND r.status = 'offen'
            ORDER BY r.erstellt_am, r.id
            LIMIT 500
            """, (UUID, String, String, String, UUID, String, String, String?, UUID?, Date).self, logger: logger)
        return zeilen.map {
            OffeneRueckmeldung(
                id: $0.0, gemeindeschluessel: $0.1, grund: $0.2, meldung: $0.3, anmeldungFallId: $0.4,
                anmeldungAktenzeichen: $0.5, anmeldungGemeinde: $0.6, herkunftGemeinde: $0.7,
                herkunftBetriebId: $0.8, erstelltAm: $0.9)
        }
    }

    func erledigeRueckmeldung(_ id: UUID, kommunen: [String], akteur: Akteur, jetzt: Date) async throws -> String? {
        try await connection.zeilen(
            """
            UPDATE rueckmeldungen
            SET status = 'erledigt', erledigt_am = \(jetzt), erledigt_von = \(akteur.bezeichnung)
            WHERE id = \(id) AND ags = ANY (\(kommunen)::char(8)[]) AND status = 'offen'
            RETURNING ags::text
            """, (String).self, logger: logger
        ).first
    }
}
