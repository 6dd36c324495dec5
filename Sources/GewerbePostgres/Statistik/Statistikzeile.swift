import Foundation
import GewerbeDomain
import PostgresNIO

/// One row of the statistics query: a case version, with the stored Anzeige (`a`, jsonb) reduced
/// in SQL to ``GewerbeDomain/Anzeige/statistikauszug``. The SQL and the reader below are the two
/// halves of one mapping and change together; `StatistikQuelleTests` holds the result equal to
/// `statistikauszug` for Anzeigen with every field filled.
enum Statistikzeile {
    /// The select list, over `faelle f` and the version `v` (with `v.a` the Anzeige).
    static let spalten = """
        f.ags::text, f.id, f.aktenzeichen, f.betrieb_id, f.meldeart, f.status, f.revision, f.empfang_am::text,
        f.empfang_von, f.ablage, f.ruecknahme_grund, f.ruecknahme_am, f.ruecknahme_von, f.ausloesende_anzeige_id,
        v.version, v.erfasst_am, v.erfasst_von, v.berichtigungsgrund,
        v.a ->> 'meldeart', v.a ->> 'gemeindeschluessel',
        v.a ? 'inhaber', v.a #>> '{inhaber,name}', v.a #>> '{inhaber,rechtsform}',
        coalesce(v.a -> 'inhaber' ? 'register', false), v.a #>> '{inhaber,register,art}',
        v.a #>> '{inhaber,register,gericht}', v.a #>> '{inhaber,register,nummer}',
        v.a ->> 'geschaeftsbezeichnung',
        CASE WHEN jsonb_typeof(v.a -> 'personen') = 'array' THEN jsonb_array_length(v.a -> 'personen') END,
        v.a #>> '{personen,0,familienname}', v.a #>> '{personen,0,vornamen}', v.a #>> '{personen,0,geschlecht}',
        CASE WHEN jsonb_typeof(v.a #> '{personen,0,staatsangehoerigkeiten}') = 'array'
             THEN ARRAY(SELECT jsonb_array_elements_text(v.a #> '{personen,0,staatsangehoerigkeiten}')) END,
        (v.a ->> 'anzahlVertretungsberechtigte')::integer,
        v.a #> '{betriebsstaette,anschrift}' IS NOT NULL,
        v.a #>> '{betriebsstaette,anschrift,strasse}', v.a #>> '{betriebsstaette,anschrift,hausnummer}',
        v.a #>> '{betriebsstaette,anschrift,plz}', v.a #>> '{betriebsstaette,anschrift,ort}',
        v.a #> '{hauptniederlassung,anschrift}' IS NOT NULL,
        v.a #>> '{hauptniederlassung,anschrift,strasse}', v.a #>> '{hauptniederlassung,anschrift,hausnummer}',
        v.a #>> '{hauptniederlassung,anschrift,plz}', v.a #>> '{hauptniederlassung,anschrift,ort}',
        v.a #> '{fruehereBetriebsstaette,anschrift}' IS NOT NULL,
        v.a #>> '{fruehereBetriebsstaette,anschrift,strasse}', v.a #>> '{fruehereBetriebsstaette,anschrift,hausnummer}',
        v.a #>> '{fruehereBetriebsstaette,anschrift,plz}', v.a #>> '{fruehereBetriebsstaette,anschrift,ort}',
        v.a #> '{kuenftigeBetriebsstaette,anschrift}' IS NOT NULL,
        v.a #>> '{kuenftigeBetriebsstaette,anschrift,strasse}',
        v.a #>> '{kuenftigeBetriebsstaette,anschrift,hausnummer}',
        v.a #>> '{kuenftigeBetriebsstaette,anschrift,plz}', v.a #>> '{kuenftigeBetriebsstaette,anschrift,ort}',
        CASE WHEN jsonb_typeof(v.a -> 'taetigkeiten') = 'array' THEN jsonb_array_length(v.a -> 'taetigkeiten') END,
        v.a #>> '{taetigkeiten,0,beschreibung}', (v.a #>> '{taetigkeiten,0,schwerpunkt}')::boolean,
        v.a #> '{taetigkeiten,0,wz}' IS NOT NULL, v.a #>> '{taetigkeiten,0,wz,klassifikation}',
        v.a #>> '{taetigkeiten,0,wz,code}', v.a #>> '{taetigkeiten,0,status}',
        v.a #>> '{taetigkeiten,1,beschreibung}', (v.a #>> '{taetigkeiten,1,schwerpunkt}')::boolean,
        v.a #> '{taetigkeiten,1,wz}' IS NOT NULL, v.a #>> '{taetigkeiten,1,wz,klassifikation}',
        v.a #>> '{taetigkeiten,1,wz,code}', v.a #>> '{taetigkeiten,1,status}',
        CASE WHEN jsonb_typeof(v.a -> 'taetigkeiten') = 'array'
             THEN CASE WHEN jsonb_array_length(v.a -> 'taetigkeiten') > 2 THEN (v.a -> 'taetigkeiten')::text END END,
        (v.a ->> 'nebenerwerb')::boolean, v.a ->> 'beginn', v.a ->> 'datumAenderung', v.a ->> 'datumAufgabe',
        v.a ? 'betriebsart', (v.a #>> '{betriebsart,industrie}')::boolean, (v.a #>> '{betriebsart,handwerk}')::boolean,
        (v.a #>> '{betriebsart,handel}')::boolean, (v.a #>> '{betriebsart,sonstiges}')::boolean,
        v.a ? 'beschaeftigte', (v.a #>> '{beschaeftigte,vollzeit}')::integer,
        (v.a #>> '{beschaeftigte,teilzeit}')::integer, (v.a #>> '{beschaeftigte,keine}')::boolean,
        v.a ->> 'niederlassungsart', (v.a ->> 'reisegewerbe')::boolean, v.a ->> 'grundAnmeldung',
        CASE WHEN jsonb_typeof(v.a -> 'gruendeUmmeldung') = 'array'
             THEN ARRAY(SELECT jsonb_array_elements_text(v.a -> 'gruendeUmmeldung')) END,
        v.a ->> 'sonstigeGruendeUmmeldung', v.a ->> 'grundAbmeldung',
        v.a ? 'handwerkskarte', (v.a #>> '{handwerkskarte,liegtVor}')::boolean,
        v.a ->> 'gruendeBetriebsaufgabe', v.a ->> 'ursacheAbmeldung', v.a ->> 'datumUnterschrift'
        """

    /// A stored value that does not fit the model.
    struct Ungueltig: Error, CustomStringConvertible {
        let description: String
    }

    /// The cells of one row, read in order.
    struct Zellen {
        var iterator: PostgresRow.Iterator

        mutating func naechste<T: PostgresDecodable>(_ typ: T.Type = T.self) throws -> T {
            guard let zelle = iterator.next() else { throw Ungueltig(description: "zu wenige Spalten") }
            return try zelle.decode(T.self)
        }

        mutating func text() throws -> String? { try naechste(String?.self) }
        mutating func wahr() throws -> Bool? { try naechste(Bool?.self) }
        mutating func zahl() throws -> Int? { try naechste(Int?.self) }
        mutating func datum() throws -> Datum? { try text().flatMap(Datum.init(iso:)) }
        mutating func code<C: RawRepresentable>(_ typ: C.Type) throws -> C? where C.RawValue == String {
            try text().flatMap(C.init(rawValue:))
        }

        /// Description, Schwerpunkt, WZ present flag, classification, code, status.
        mutating func taetigkeit() throws -> Taetigkeit {
            let beschreibung = try text()
            let schwerpunkt = try wahr()
            let mitWZ: Bool = try naechste()
            let wz = WZAngabe(klassifikation: try code(WZKlassifikation.self), code: try text())
            return Taetigkeit(
                beschreibung: beschreibung, schwerpunkt: schwerpunkt, wz: mitWZ ? wz : nil,
                status: try code(TaetigkeitStatus.self))
        }

        /// Present flag, then street, number, postcode, town.
        mutating func standort() throws -> Standort? {
            let da = try naechste(Bool.self)
            let anschrift = Anschrift(strasse: try text(), hausnummer: try text(), plz: try text(), ort: try text())
            return da ? Standort(anschrift: anschrift) : nil
        }
    }

    /// Reads rows into cases and versions (one decoder for the small `taetigkeiten` lists).
    struct Leser {
        let decoder = JSONDecoder()

        /// The case (with no versions) and the version of one row.
        func lies(_ row: PostgresRow) throws -> (Fall, Fallversion) {
            var z = Zellen(iterator: row.makeIterator())
            let ags: String = try z.naechste()
            let id: UUID = try z.naechste()
            let aktenzeichen: String = try z.naechste()
            let betriebId: UUID = try z.naechste()
            guard let meldeart = try z.code(Meldeart.self), let status = try z.code(Fallstatus.self) else {
                throw Ungueltig(description: "Fall \(aktenzeichen): Meldeart oder Status ungültig")
            }
            let revision: Int = try z.naechste()
            let empfangAm = try z.datum()
            let empfangVon = try z.text()
            guard let ablage = try z.code(Ablagestatus.self) else {
                throw Ungueltig(description: "Fall \(aktenzeichen): Ablagestatus ungültig")
            }
            let ruecknahmeGrund = try z.text()
            let ruecknahmeAm = try z.naechste(Date?.self)
            let ruecknahmeVon = try z.text()
            let ausloesend = try z.naechste(UUID?.self)
            let version: Int = try z.naechste()
            let erfasstAm: Date = try z.naechste()
            let erfasstVon: String = try z.naechste()
            let berichtigungsgrund = try z.text()
            let anzeige = try self.anzeige(&z, aktenzeichen: aktenzeichen)
            let fall = Fall(
                id: id, aktenzeichen: aktenzeichen, gemeindeschluessel: ags, betriebId: betriebId, meldeart: meldeart,
                status: status, versionen: [],
                empfangsbescheinigung: empfangAm.map {
                    Empfangsbescheinigung(ausgestelltAm: $0, ausgestelltVon: empfangVon ?? "")
                },
                ablage: ablage, revision: revision,
                ruecknahme: ruecknahmeGrund.map {
                    Ruecknahme(grund: $0, am: ruecknahmeAm ?? Date(timeIntervalSince1970: 0), von: ruecknahmeVon ?? "")
                }, ausloesendeAnzeigeId: ausloesend)
            return (
                fall,
                Fallversion(
                    version: version, anzeige: anzeige, hinweise: [], erfasstAm: erfasstAm, erfasstVon: erfasstVon,
                    berichtigungsgrund: berichtigungsgrund)
            )
        }

        func anzeige(_ z: inout Zellen, aktenzeichen: String) throws -> Anzeige {
            guard let meldeart = try z.code(Meldeart.self) else {
                throw Ungueltig(description: "Fall \(aktenzeichen): Meldeart der Anzeige ungültig")
            }
            var anzeige = Anzeige(meldeart: meldeart)
            anzeige.gemeindeschluessel = try z.text()
            let mitInhaber: Bool = try z.naechste()
            var inhaber = Inhaber(name: try z.text(), rechtsform: try z.text())
            let mitRegister: Bool = try z.naechste()
            let register = Registereintrag(
                art: try z.code(Registerart.self), gericht: try z.text(), nummer: try z.text())
            if mitRegister { inhaber.register = register }
            if mitInhaber { anzeige.inhaber = inhaber }
            anzeige.geschaeftsbezeichnung = try z.text()
            let anzahlPersonen = try z.zahl()
            let person = Person(
                familienname: try z.text(), vornamen: try z.text(), geschlecht: try z.code(Geschlecht.self),
                staatsangehoerigkeiten: try z.naechste([String]?.self))
            anzeige.personen = anzahlPersonen.map { $0 > 0 ? [person] : [] }
            anzeige.anzahlVertretungsberechtigte = try z.zahl()
            anzeige.betriebsstaette = try z.standort()
            anzeige.hauptniederlassung = try z.standort()
            anzeige.fruehereBetriebsstaette = try z.standort()
            anzeige.kuenftigeBetriebsstaette = try z.standort()
            // The first two activities come as columns; only longer lists as JSON.
            let anzahlTaetigkeiten = try z.zahl()
            let ersteZwei = [try z.taetigkeit(), try z.taetigkeit()]
            if let json = try z.text() {
                anzeige.taetigkeiten = try decoder.decode([Taetigkeit].self, from: Data(json.utf8))
            } else if let anzahl = anzahlTaetigkeiten {
                anzeige.taetigkeiten = Array(ersteZwei.prefix(anzahl))
            }
            anzeige.nebenerwerb = try z.wahr()
            anzeige.beginn = try z.datum()
            anzeige.datumAenderung = try z.datum()
            anzeige.datumAufgabe = try z.datum()
            let mitBetriebsart: Bool = try z.naechste()
            let betriebsart = Betriebsart(
                industrie: try z.wahr(), handwerk: try z.wahr(), handel: try z.wahr(), sonstiges: try z.wahr())
            if mitBetriebsart { anzeige.betriebsart = betriebsart }
            let mitBeschaeftigten: Bool = try z.naechste()
            let beschaeftigte = Beschaeftigte(vollzeit: try z.zahl(), teilzeit: try z.zahl(), keine: try z.wahr())
            if mitBeschaeftigten { anzeige.beschaeftigte = beschaeftigte }
            anzeige.niederlassungsart = try z.code(Niederlassungsart.self)
            anzeige.reisegewerbe = try z.wahr()
            anzeige.grundAnmeldung = try z.code(GrundAnmeldung.self)
            anzeige.gruendeUmmeldung = try z.naechste([String]?.self).map {
                $0.compactMap(GrundUmmeldung.init(rawValue:))
            }
            anzeige.sonstigeGruendeUmmeldung = try z.text()
            anzeige.grundAbmeldung = try z.code(GrundAbmeldung.self)
            let mitHandwerkskarte: Bool = try z.naechste()
            let liegtVor = try z.wahr()
            if mitHandwerkskarte { anzeige.handwerkskarte = Nachweis(liegtVor: liegtVor) }
            anzeige.gruendeBetriebsaufgabe = try z.text()
            anzeige.ursacheAbmeldung = try z.code(UrsacheAbmeldung.self)
            anzeige.datumUnterschrift = try z.datum()
            return anzeige
        }
    }
}
