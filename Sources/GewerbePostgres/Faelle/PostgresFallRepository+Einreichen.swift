import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

extension PostgresFallRepository {
    /// A Betrieb row as the submission reads it (locked when it is the one the Anzeige changes).
    struct GeleseneBetriebszeile: Sendable {
        var ags: String
        var id: UUID
        var zustand: BetriebZustand?
        var anzahlFaelle: Int
    }

    /// What the one read of a submission found.
    struct Vorbereitung: Sendable {
        /// The case an earlier submission with the same key created, and that submission's hash.
        var idempotenz: (ags: String, fallId: UUID, hash: String)?
        /// The Betrieb an Ummeldung or Abmeldung names, locked.
        var betrieb: GeleseneBetriebszeile?
        /// Open Betriebe at the same Betriebsstaette with the same person (GEW-LZ-007).
        var aehnliche: [BetriebZustand] = []
        /// Whether the Rueckmeldung's former municipality belongs to this instance.
        var herkunftInInstanz = false
        /// Open Betriebe of the former municipality that may be the one that moved, locked.
        var herkunft: [GeleseneBetriebszeile] = []
    }

    public func einreichen(
        _ anzeige: Anzeige, akteur: Akteur, idempotenzSchluessel: String?
    ) async throws
        -> EinreichungsErgebnis
    {
        try pruefeSchreibrecht(akteur)
        let sicht = try await sicht(akteur)
        let schluessel = idempotenzSchluessel?.isEmpty == false ? idempotenzSchluessel : nil
        let akteurSchluessel =
            akteur.tokenId.map { "token:\($0.uuidString.lowercased())" } ?? "akteur:\(akteur.bezeichnung)"
        let anfrage = String(decoding: anzeige.json(), as: UTF8.self)
        let anfrageHash = sha256Hex(Data(anfrage.utf8))
        // The Rueckmeldeverfahren writes into the former municipality: it joins the scope.
        let rueckmeldung = Lebenszyklus.loestRueckmeldungAus(anzeige)
        let herkunftAGS = rueckmeldung ? anzeige.herkunft?.gemeindeschluessel?.nichtLeer : nil
        let herkunftGueltig = herkunftAGS.flatMap { AGS.isValid($0) ? $0 : nil }
        let art = try art(
            sicht, lesend: false, zusaetzlich: herkunftGueltig.map { [$0] } ?? [],
            sperre: schluessel.map { sperrschluessel("idempotenz\u{1F}\(akteurSchluessel)\u{1F}\($0)") })

        return try await database.transaktion(art, versuche: einstellungen.versuche) { connection in
            let vorbereitung = try await bereiteVor(
                anzeige, sicht: sicht, akteurSchluessel: akteurSchluessel, schluessel: schluessel,
                herkunftAGS: herkunftGueltig, on: connection)

            if let frueher = vorbereitung.idempotenz {
                guard frueher.hash == anfrageHash else { throw FallFehler.idempotenzKonflikt }
                guard let fall = try await ladeFaelle([frueher.fallId], kommunen: sicht.kommunen, on: connection).first
                else {
                    throw FallFehler.nichtGefunden("Fall \(frueher.fallId.uuidString.lowercased()) nicht gefunden.")
                }
                try await protokolliere(
                    [
                        Protokolleintrag(
                            ags: fall.gemeindeschluessel, aktion: "anzeige.wiederholt", objektTyp: "fall",
                            objektId: fall.id.uuidString.lowercased(),
                            details: try JSONText.kodiere(
                                JSONWert.objekt(["aktenzeichen": fall.aktenzeichen, "idempotency_key": schluessel])))
                    ], akteur: sicht.audit, on: connection)
                return .angenommen(fall, wiederholt: true)
            }

            if let ags = anzeige.gemeindeschluessel?.nichtLeer, GewerbeDomain.AGS.istGueltig(ags), !sicht.sieht(ags) {
                throw FallFehler.nichtBerechtigt("Das Token ist für die Gemeinde \(ags) nicht zugelassen.")
            }
            let lage: Pruefkontext.BetriebsLage
            if anzeige.meldeart != .anmeldung, let zustand = vorbereitung.betrieb?.zustand {
                lage = .bekannt(zustand)
            } else {
                lage = .unbekannt
            }
            let kontext = Pruefkontext(
                heute: uhr.heute(), zustaendigeGemeinden: Set(sicht.kommunen), betrieb: lage,
                aehnlicheBetriebe: vorbereitung.aehnliche, einstellungen: einstellungen.pruefeinstellungen)
            let ergebnis = Pruefer.pruefe(anzeige, kontext: kontext)
            guard ergebnis.istAnnehmbar else { return .abgelehnt(ergebnis) }

            let betriebId = anzeige.meldeart == .anmeldung ? UUID() : (anzeige.betriebId ?? UUID())
            let vorher = anzeige.meldeart == .anmeldung ? nil : vorbereitung.betrieb?.zustand
            let neuerZustand: BetriebZustand
            do throws(LebenszyklusVerstoss) {
                neuerZustand = try Lebenszyklus.anwenden(anzeige, auf: vorher, betriebId: betriebId)
            } catch {
                throw FallFehler.konflikt(error.meldung)
            }
            guard let gemeinde = anzeige.gemeindeschluessel, let eingang = anzeige.eingangsdatum else {
                // Both are required by the rules (GEW-PFL-*), so an accepted Anzeige has them.
                throw FallFehler.unzulaessig("Gemeindeschlüssel und Eingangsdatum sind erforderlich.")
            }
            let neu = NeuerFall(
                id: UUID(), ags: gemeinde, eingang: eingang, betriebId: betriebId,
                position: (anzeige.meldeart == .anmeldung ? 0 : vorbereitung.betrieb?.anzahlFaelle ?? 0) + 1,
                anzeige: anzeige, anzeigeJSON: anfrage, hinweise: ergebnis.hinweise,
                betrieb: try Betriebsspalten(neuerZustand, zuletzt: anzeige), jetzt: uhr.jetzt(), akteur: akteur,
                ausloesend: nil,
                idempotenz: schluessel.map { (akteur: akteurSchluessel, schluessel: $0, hash: anfrageHash) },
                auditAktion: "anzeige.einreichen", auditDetails: [:])
            let fall = try await schreibe(neu, on: connection)
            if rueckmeldung {
                try await rueckmelden(
                    fall, herkunftAGS: herkunftAGS, vorbereitung: vorbereitung, sicht: sicht, on: connection)
            }
            return .angenommen(fall, wiederholt: false)
        }
    }

    /// The one read of a submission: idempotency record, the named Betrieb (locked), similar open
    /// Betriebe, and for the Rueckmeldeverfahren the former municipality and its candidate
    /// Betriebe (locked). Conditions on absent values compare with NULL and match nothing.
    func bereiteVor(
        _ anzeige: Anzeige, sicht: Sicht, akteurSchluessel: String, schluessel: String?, herkunftAGS: String?,
        on connection: PostgresConnection
    ) async throws -> Vorbereitung {
        let kommunen = sicht.kommunen
        let betriebId = anzeige.meldeart == .anmeldung ? nil : anzeige.betriebId
        let ort = anzeige.meldeart == .anmeldung ? anzeige.betriebsstaette?.anschrift?.vergleichsschluessel : nil
        let namen = Betriebsspalten.vergleichsnamen(anzeige)
        let herkunftId = anzeige.herkunft?.betriebId
        let fruehererOrt = herkunftAGS == nil ? nil : anzeige.fruehereBetriebsstaette?.anschrift?.vergleichsschluessel
        let firma = anzeige.inhaber?.name?.nichtLeer.map(Suchtext.falte)
        let zeilen = try await connection.zeilen(
            """
            WITH betrieb AS MATERIALIZED (
                SELECT b.ags, b.id, b.zustand, b.anzahl_faelle
                FROM betriebe b
                WHERE b.id = \(betriebId) AND b.ags = ANY (\(kommunen)::char(8)[])
                FOR UPDATE
            ), herkunft AS MATERIALIZED (
                SELECT b.ags, b.id, b.zustand, b.anzahl_faelle
                FROM betriebe b
                WHERE b.ags = \(herkunftAGS)::char(8) AND b.status = 'offen'
                  AND (b.id = \(herkunftId)
                       OR (b.vergleich_ort = \(fruehererOrt)
                           AND (b.vergleich_personen && \(namen)::text[] OR b.vergleich_firma = \(firma))))
                ORDER BY (b.id = \(herkunftId)) IS TRUE DESC, b.id
                LIMIT 2
                FOR UPDATE
            )
            SELECT 'idempotenz', i.ags::text, i.fall_id, i.anfrage_sha256::text, NULL::integer
            FROM idempotenz i
            WHERE i.ags = ANY (\(kommunen)::char(8)[]) AND i.akteur = \(akteurSchluessel) AND i.schluessel = \(schluessel)
            UNION ALL
            SELECT 'betrieb', b.ags::text, b.id, b.zustand::text, b.anzahl_faelle FROM betrieb b
            UNION ALL
            (SELECT 'aehnlich', b.ags::text, b.id, b.zustand::text, b.anzahl_faelle
             FROM betriebe b
             WHERE b.ags = ANY (\(kommunen)::char(8)[]) AND b.status = 'offen' AND b.vergleich_ort = \(ort)
               AND b.vergleich_personen && \(namen)::text[]
             ORDER BY b.id
             LIMIT 20)
            UNION ALL
            SELECT 'kommune', k.ags::text, NULL, NULL, NULL FROM kommunen k WHERE k.ags = \(herkunftAGS)::char(8)
            UNION ALL
            SELECT 'herkunft', h.ags::text, h.id, h.zustand::text, h.anzahl_faelle FROM herkunft h
            """, (String, String, UUID?, String?, Int?).self, logger: logger)

        var vorbereitung = Vorbereitung()
        for (art, ags, id, daten, anzahl) in zeilen {
            let zustand = art == "idempotenz" ? nil : try daten.map { try JSONText.lies(BetriebZustand.self, $0) }
            switch art {
            case "idempotenz":
                if let id, let daten { vorbereitung.idempotenz = (ags, id, daten) }
            case "betrieb":
                if let id {
                    vorbereitung.betrieb = GeleseneBetriebszeile(
                        ags: ags, id: id, zustand: zustand, anzahlFaelle: anzahl ?? 0)
                }
            case "aehnlich":
                if let zustand { vorbereitung.aehnliche.append(zustand) }
            case "kommune":
                vorbereitung.herkunftInInstanz = true
            case "herkunft":
                if let id {
                    vorbereitung.herkunft.append(
                        GeleseneBetriebszeile(ags: ags, id: id, zustand: zustand, anzahlFaelle: anzahl ?? 0))
                }
            default: break
            }
        }
        return vorbereitung
    }

    // MARK: - Writing a new case

    /// Everything a new case writes.
    struct NeuerFall: Sendable {
        var id: UUID
        var ags: String
        var eingang: Datum
        var betriebId: UUID
        /// Its place in the Betrieb's history (1 for an Anmeldung).
        var position: Int
        var anzeige: Anzeige
        var anzeigeJSON: String
        var hinweise: [Befund]
        var betrieb: Betriebsspalten
        var jetzt: Date
        var akteur: Akteur
        var ausloesend: UUID?
        var idempotenz: (akteur: String, schluessel: String, hash: String)?
        var auditAktion: String
        var auditDetails: [String: JSONWert]
    }

    /// One statement: the next Aktenzeichen number, the Betrieb (new row or new state), the case,
    /// version 1, the filing job, the idempotency record and the audit event. The counter and the
    /// audit chain are the locks that serialize a municipality's submissions; they come last.
    func schreibe(_ neu: NeuerFall, on connection: PostgresConnection) async throws -> Fall {
        let s = neu.betrieb
        let akteur = neu.akteur
        let fallId = neu.id.uuidString.lowercased()
        let praefix = "\(neu.ags)-\(neu.eingang.jahr)-"
        let faellig = Fristen.empfangsbescheinigungFaellig(eingang: neu.eingang)
        let details = try JSONText.kodiere(
            neu.auditDetails.merging(
                [
                    "meldeart": .text(neu.anzeige.meldeart.rawValue),
                    "betrieb_id": .text(neu.betriebId.uuidString.lowercased()), "version": .zahl(1),
                ], uniquingKeysWith: { alt, _ in alt }))
        let zeilen = try await connection.zeilen(
            """
            WITH nummer AS (
                INSERT INTO aktenzeichen_zaehler AS z (ags, jahr, letzte_nummer)
                VALUES (\(neu.ags), \(neu.eingang.jahr), 1)
                ON CONFLICT (ags, jahr) DO UPDATE SET letzte_nummer = z.letzte_nummer + 1
                RETURNING z.letzte_nummer
            ), betrieb AS (
                INSERT INTO betriebe AS b (
                    ags, id, status, zustand, name, sortname, such_name, such_personen, such_anschrift, personen,
                    betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_ort, vergleich_personen, vergleich_firma,
                    beginn, ende, letzte_aenderung, anzahl_faelle, revision, erstellt_am, geaendert_am)
                VALUES (
                    \(neu.ags), \(neu.betriebId), \(s.status), \(s.zustandJSON)::jsonb, \(s.name), \(s.sortname),
                    \(s.suchName), \(s.suchPersonen), \(s.suchAnschrift), \(s.personen)::text[], \(s.betriebsanschrift),
                    \(s.taetigkeit), \(s.wz)::text[], \(s.wzPraefixe)::text[], \(s.vergleichOrt),
                    \(s.vergleichPersonen)::text[], \(s.vergleichFirma), \(s.beginn)::date, \(s.ende)::date,
                    \(s.letzteAenderung)::date, \(neu.position), 1, \(neu.jetzt), \(neu.jetzt))
                ON CONFLICT (ags, id) DO UPDATE SET
                    status = excluded.status, zustand = excluded.zustand, name = excluded.name,
                    sortname = excluded.sortname, such_name = excluded.such_name,
                    such_personen = excluded.such_personen, such_anschrift = excluded.such_anschrift,
                    personen = excluded.personen, betriebsanschrift = excluded.betriebsanschrift,
                    taetigkeit = excluded.taetigkeit, wz = excluded.wz, wz_praefixe = excluded.wz_praefixe,
                    vergleich_ort = excluded.vergleich_ort, vergleich_personen = excluded.vergleich_personen,
                    vergleich_firma = excluded.vergleich_firma, beginn = excluded.beginn, ende = excluded.ende,
                    letzte_aenderung = excluded.letzte_aenderung, anzahl_faelle = excluded.anzahl_faelle,
                    revision = b.revision + 1, geaendert_am = excluded.geaendert_am
                RETURNING b.id
            ), fall AS (
                INSERT INTO faelle (
                    ags, id, aktenzeichen, jahr, nummer, betrieb_id, position, meldeart, status, version, revision,
                    eingangsdatum, ereignisdatum, empfang_faellig, name, ablage, erstellt_am, erstellt_von,
                    erstellt_token, ausloesende_anzeige_id)
                SELECT \(neu.ags), \(neu.id),
                       \(praefix) || lpad(n.letzte_nummer::text, greatest(5, length(n.letzte_nummer::text)), '0'),
                       \(neu.eingang.jahr), n.letzte_nummer, b.id, \(neu.position), \(neu.anzeige.meldeart.rawValue),
                       'wirksam', 1, 1, \(neu.eingang.iso)::date, \(neu.anzeige.ereignisdatum?.iso)::date,
                       \(faellig.iso)::date, \(neu.anzeige.anzeigename), 'ausstehend', \(neu.jetzt),
                       \(akteur.bezeichnung), \(akteur.tokenId)::uuid, \(neu.ausloesend)::uuid
                FROM nummer n, betrieb b
                RETURNING aktenzeichen
            ), version AS (
                INSERT INTO anzeige_versionen (ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von, erfasst_token)
                SELECT \(neu.ags), \(neu.id), 1, \(neu.anzeigeJSON)::jsonb, \(try JSONText.kodiere(neu.hinweise))::jsonb,
                       \(neu.jetzt), \(akteur.bezeichnung), \(akteur.tokenId)::uuid
                FROM fall
            ), auftrag AS (
                INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
                SELECT \(neu.ags), \(UUID()), \(neu.id), 'anzeige', 1, 'ausstehend', \(neu.jetzt), \(neu.jetzt)
                FROM fall
            ), idem AS (
                INSERT INTO idempotenz (ags, akteur, schluessel, anfrage_sha256, fall_id, erstellt_am)
                SELECT \(neu.ags), \(neu.idempotenz?.akteur)::text, \(neu.idempotenz?.schluessel)::text, \(neu.idempotenz?.hash)::text,
                       \(neu.id), \(neu.jetzt)
                FROM fall
                WHERE \(neu.idempotenz?.schluessel)::text IS NOT NULL
            ), audit AS (
                INSERT INTO audit_events
                    (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                SELECT gen_random_uuid(), \(neu.ags), \(akteur.tokenId)::uuid, \(akteur.bezeichnung), \(akteur.rolle.rawValue),
                       \(neu.auditAktion), 'fall', \(fallId), \(details)::jsonb || jsonb_build_object('aktenzeichen', f.aktenzeichen)
                FROM fall f
            )
            SELECT aktenzeichen FROM fall
            """, (String).self, logger: logger)
        guard let aktenzeichen = zeilen.first else {
            throw FallFehler.konflikt("Der Fall konnte nicht gespeichert werden.")
        }
        return Fall(
            id: neu.id, aktenzeichen: aktenzeichen, gemeindeschluessel: neu.ags, betriebId: neu.betriebId,
            meldeart: neu.anzeige.meldeart, status: .wirksam,
            versionen: [
                Fallversion(
                    version: 1, anzeige: neu.anzeige, hinweise: neu.hinweise, erfasstAm: neu.jetzt,
                    erfasstVon: akteur.bezeichnung, berichtigungsgrund: nil)
            ],
            empfangsbescheinigung: nil, ablage: .ausstehend, revision: 1, ruecknahme: nil,
            ausloesendeAnzeigeId: neu.ausloesend)
    }

    // MARK: - Rueckmeldeverfahren

    /// After an accepted Anmeldung "Verlegung aus anderem Meldebezirk": the Abmeldung at the former
    /// office, or a pending Rueckmeldung when it cannot be made here.
    func rueckmelden(
        _ anmeldung: Fall, herkunftAGS: String?, vorbereitung: Vorbereitung, sicht: Sicht,
        on connection: PostgresConnection
    ) async throws {
        let anzeige = anmeldung.anzeige
        guard let herkunft = herkunftAGS, AGS.isValid(herkunft) else {
            try await vermerkeRueckmeldung(
                ags: anmeldung.gemeindeschluessel, grund: "herkunft_fehlt",
                meldung:
                    "Die Anmeldung meldet eine Verlegung aus einem anderen Meldebezirk, nennt aber keine gültige frühere Gemeinde; die Rückmeldung an die frühere Stelle ist von Hand zu veranlassen.",
                anmeldung: anmeldung, herkunftAGS: herkunftAGS, abmeldung: nil, sicht: sicht, on: connection)
            return
        }
        guard vorbereitung.herkunftInInstanz else {
            try await vermerkeRueckmeldung(
                ags: anmeldung.gemeindeschluessel, grund: "gemeinde_nicht_in_instanz",
                meldung:
                    "Die frühere Gemeinde \(herkunft) wird nicht in diesem Verfahren geführt; die Rückmeldung ist ihr auf anderem Weg zu übermitteln.",
                anmeldung: anmeldung, herkunftAGS: herkunft, abmeldung: nil, sicht: sicht, on: connection)
            return
        }
        let kandidaten = vorbereitung.herkunft.filter { $0.ags == herkunft && $0.zustand != nil }
        let gewaehlt: GeleseneBetriebszeile
        if let id = anzeige.herkunft?.betriebId, let treffer = kandidaten.first(where: { $0.id == id }) {
            gewaehlt = treffer
        } else if kandidaten.count == 1 {
            gewaehlt = kandidaten[0]
        } else {
            let mehrdeutig = kandidaten.count > 1
            try await vermerkeRueckmeldung(
                ags: herkunft, grund: mehrdeutig ? "betrieb_mehrdeutig" : "betrieb_nicht_gefunden",
                meldung: mehrdeutig
                    ? "An der früheren Betriebsstätte sind mehrere passende Betriebe angemeldet; der abzumeldende Betrieb ist zu bestimmen."
                    : "Der verlegte Betrieb wurde im Register der früheren Gemeinde nicht gefunden; er ist von Hand zu bestimmen und abzumelden.",
                anmeldung: anmeldung, herkunftAGS: herkunft, abmeldung: nil, sicht: sicht, on: connection)
            return
        }
        guard let alterZustand = gewaehlt.zustand else { return }
        let heute = uhr.heute()
        let abmeldung = Lebenszyklus.rueckmeldungsAbmeldung(
            anmeldung: anzeige, alterBetrieb: alterZustand, eingang: anzeige.eingangsdatum ?? heute)
        let kontext = Pruefkontext(
            heute: heute, zustaendigeGemeinden: [herkunft], betrieb: .bekannt(alterZustand),
            einstellungen: einstellungen.pruefeinstellungen)
        let ergebnis = Pruefer.pruefe(abmeldung, kontext: kontext)
        let neuerZustand: BetriebZustand
        do throws(LebenszyklusVerstoss) {
            guard ergebnis.istAnnehmbar else {
                throw LebenszyklusVerstoss(
                    regel: ergebnis.fehler.first?.regel ?? "",
                    meldung: ergebnis.fehler.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" }.joined(separator: "; ")
                )
            }
            neuerZustand = try Lebenszyklus.anwenden(abmeldung, auf: alterZustand, betriebId: gewaehlt.id)
        } catch {
            try await vermerkeRueckmeldung(
                ags: herkunft, grund: "abmeldung_unzulaessig",
                meldung: "Die Abmeldung aus dem Register ist nicht zulässig: \(error.meldung)", anmeldung: anmeldung,
                herkunftAGS: herkunft, abmeldung: nil, sicht: sicht, on: connection)
            return
        }
        let system = Akteur(tokenId: nil, bezeichnung: Akteur.system.bezeichnung, rolle: .system, kommunen: [herkunft])
        let fall = try await schreibe(
            NeuerFall(
                id: UUID(), ags: herkunft, eingang: abmeldung.eingangsdatum ?? heute, betriebId: gewaehlt.id,
                position: gewaehlt.anzahlFaelle + 1, anzeige: abmeldung,
                anzeigeJSON: String(decoding: abmeldung.json(), as: UTF8.self), hinweise: ergebnis.hinweise,
                betrieb: try Betriebsspalten(neuerZustand, zuletzt: abmeldung), jetzt: uhr.jetzt(), akteur: system,
                ausloesend: anmeldung.id, idempotenz: nil, auditAktion: "anzeige.rueckmeldung",
                auditDetails: [
                    "ausloesendes_aktenzeichen": .text(anmeldung.aktenzeichen),
                    "ausloesende_anzeige_id": .text(anmeldung.id.uuidString.lowercased()),
                    "ausgeloest_von": .text(sicht.akteur.bezeichnung),
                ]),
            on: connection)
        try await vermerkeRueckmeldung(
            ags: herkunft, grund: "ausgefuehrt",
            meldung: "Abmeldung \(fall.aktenzeichen) aus dem Register erstellt (Rückmeldeverfahren).",
            anmeldung: anmeldung, herkunftAGS: herkunft, abmeldung: fall.id, sicht: sicht, on: connection)
    }

    /// Records a Rueckmeldung, done (`abmeldung` given) or pending, with an audit event.
    func vermerkeRueckmeldung(
        ags: String, grund: String, meldung: String, anmeldung: Fall, herkunftAGS: String?, abmeldung: UUID?,
        sicht: Sicht, on connection: PostgresConnection
    ) async throws {
        let id = UUID()
        let status = abmeldung == nil ? "offen" : "ausgefuehrt"
        let details = try JSONText.kodiere(
            JSONWert.objekt([
                "grund": grund, "anmeldung": anmeldung.aktenzeichen, "herkunft": herkunftAGS,
                "abmeldung_fall_id": abmeldung?.uuidString.lowercased(),
            ]))
        let system = AuditActor.system
        try await connection.ausfuehren(
            """
            WITH vermerk AS (
                INSERT INTO rueckmeldungen (
                    ags, id, status, grund, meldung, anmeldung_ags, anmeldung_fall_id, anmeldung_aktenzeichen,
                    herkunft_ags, herkunft_betrieb_id, abmeldung_fall_id, erstellt_am, erledigt_am, erledigt_von)
                VALUES (
                    \(ags), \(id), \(status), \(grund), \(meldung), \(anmeldung.gemeindeschluessel), \(anmeldung.id),
                    \(anmeldung.aktenzeichen), \(herkunftAGS), \(anmeldung.anzeige.herkunft?.betriebId), \(abmeldung),
                    \(uhr.jetzt()), \(abmeldung == nil ? nil : uhr.jetzt()), \(abmeldung == nil ? nil : system.label))
                RETURNING id
            )
            INSERT INTO audit_events
                (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
            SELECT gen_random_uuid(), \(ags), NULL, \(system.label), NULL,
                   \(abmeldung == nil ? "rueckmeldung.offen" : "rueckmeldung.ausgefuehrt"), 'rueckmeldung',
                   \(id.uuidString.lowercased()), \(details)::jsonb
            FROM vermerk
            """, logger: logger)
    }
}
