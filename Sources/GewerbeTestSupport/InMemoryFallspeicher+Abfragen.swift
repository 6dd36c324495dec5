import Foundation
import GewerbeDomain

/// The queries of the in-memory store: what the SQL of the PostgreSQL store selects, over the
/// stored values (the contract suite keeps the two alike).
extension InMemoryFallspeicher.Bestand {
    func sichtbarerFall(_ id: UUID, _ sicht: Sicht) -> Fall? {
        guard let fall = faelle[id], sicht.sieht(fall.gemeindeschluessel), let von = einreicher[id],
            sicht.siehtFall(erstelltToken: von.token, erstelltVon: von.von)
        else { return nil }
        return fall
    }

    func einreichungslage(_ a: Einreichung.Abfrage) -> Einreichung.Lage {
        var lage = Einreichung.Lage()
        if let schluessel = a.idempotenz, let frueher = idempotenz["\(schluessel.kennung)|\(schluessel.schluessel)"],
            let fall = faelle[frueher.fallId], a.sicht.sieht(fall.gemeindeschluessel)
        {
            lage.frueher = (fall, frueher.anzeigeJSON == a.anzeigeJSON)
        }
        if let id = a.betriebId, let eintrag = betriebe[id], a.sicht.sieht(eintrag.ags) {
            lage.betrieb = gespeichert(id, eintrag)
        }
        let namen = Set(a.namen)
        func offen(_ ags: (String) -> Bool) -> [(UUID, InMemoryFallspeicher.Betriebseintrag, Anzeige)] {
            betriebe.compactMap { id, e in
                guard ags(e.ags), let z = e.zustand, z.status == .offen else { return nil }
                return (id, e, z.angaben)
            }.sorted { $0.0.uuidString < $1.0.uuidString }
        }
        if let ort = a.ort {
            lage.aehnliche = offen(a.sicht.sieht).filter {
                $0.2.betriebsstaette?.anschrift?.vergleichsschluessel == ort
                    && !namen.isDisjoint(with: Registertext.vergleichsnamen($0.2))
            }.prefix(20).compactMap(\.1.zustand)
        }
        if let herkunft = a.herkunftAGS {
            lage.herkunftInInstanz = kommunen.contains(herkunft)
            lage.herkunft = offen { $0 == herkunft }.filter { id, _, angaben in
                id == a.herkunftBetriebId
                    || (a.fruehererOrt != nil
                        && angaben.betriebsstaette?.anschrift?.vergleichsschluessel == a.fruehererOrt
                        && (!namen.isDisjoint(with: Registertext.vergleichsnamen(angaben))
                            || (a.firma != nil && Registertext.vergleichsfirma(angaben) == a.firma)))
            }.sorted { ($0.0 == a.herkunftBetriebId ? 0 : 1) < ($1.0 == a.herkunftBetriebId ? 0 : 1) }
                .prefix(2).map { gespeichert($0.0, $0.1) }
        }
        return lage
    }

    func gespeichert(_ id: UUID, _ e: InMemoryFallspeicher.Betriebseintrag) -> GespeicherterBetrieb {
        GespeicherterBetrieb(ags: e.ags, id: id, zustand: e.zustand, anzahlFaelle: e.fallIds.count)
    }

    func faelle(
        _ filter: Fallfilter, kommunen: [String], sicht: Sicht, heute: Datum, nach: [String]?, limit: Int
    ) -> [Fallzeile] {
        var zeilen: [Fallzeile] = []
        for fall in faelle.values where kommunen.contains(fall.gemeindeschluessel) {
            guard sichtbarerFall(fall.id, sicht) != nil, let eingang = fall.anzeige.eingangsdatum else { continue }
            let faellig = Fristen.empfangsbescheinigungFaellig(eingang: eingang)
            let offen = fall.status == .wirksam && fall.empfangsbescheinigung == nil
            let ueberfaellig = offen && faellig < heute
            if let wert = filter.ohneEmpfangsbescheinigung, wert != offen { continue }
            if let wert = filter.ueberfaellig, wert != ueberfaellig { continue }
            if let wert = filter.meldeart, wert != fall.meldeart { continue }
            if let wert = filter.status, wert != fall.status { continue }
            if let wert = filter.ablage, wert != fall.ablage { continue }
            if let von = filter.eingangVon, eingang < von { continue }
            if let bis = filter.eingangBis, eingang > bis { continue }
            if let nach, !nach.lexicographicallyPrecedes([eingang.iso, fall.aktenzeichen]) { continue }
            zeilen.append(
                Fallzeile(
                    id: fall.id, aktenzeichen: fall.aktenzeichen, gemeindeschluessel: fall.gemeindeschluessel,
                    betriebId: fall.betriebId, meldeart: fall.meldeart, status: fall.status,
                    name: fall.anzeige.anzeigename, eingangsdatum: eingang, ereignisdatum: fall.anzeige.ereignisdatum,
                    empfangsbescheinigung: fall.empfangsbescheinigung, empfangsbescheinigungFaellig: faellig,
                    ueberfaellig: ueberfaellig, ablage: fall.ablage, version: fall.versionen.count))
        }
        zeilen.sort { ($0.eingangsdatum, $0.aktenzeichen) < ($1.eingangsdatum, $1.aktenzeichen) }
        return Array(zeilen.prefix(limit))
    }

    func suche(_ k: Registerabfrage) -> [Registerfund] {
        func imBereich(_ datum: Datum?, _ von: Datum?, _ bis: Datum?) -> Bool {
            if von == nil && bis == nil { return true }
            guard let datum else { return false }
            return (von.map { datum >= $0 } ?? true) && (bis.map { datum <= $0 } ?? true)
        }
        var funde: [Registerfund] = []
        for (id, eintrag) in betriebe where k.kommunen.contains(eintrag.ags) {
            guard let z = eintrag.zustand else { continue }
            let angaben = z.angaben
            let personen = (angaben.personen ?? []).map(\.anzeigename).filter { !$0.isEmpty }
            let namen = [z.name, angaben.inhaber?.name, angaben.geschaeftsbezeichnung]
            let anschrift = angaben.betriebsstaette?.anschrift?.einzeilig ?? ""
            let wz = (angaben.taetigkeiten ?? []).compactMap { $0.wz?.gepunktet }
            if let name = k.name, !Registertext.enthaelt(namen, name) { continue }
            if let person = k.person, !Registertext.enthaelt(personen, person) { continue }
            if let text = k.nameOderPerson, !Registertext.enthaelt(namen + personen, text) { continue }
            if let text = k.anschrift, !Registertext.enthaelt([anschrift], text) { continue }
            if let code = k.wz, !wz.contains(where: { $0.filter { $0 != "." }.hasPrefix(code) }) { continue }
            if let status = k.status, status != z.status { continue }
            guard imBereich(z.beginn, k.beginnVon, k.beginnBis), imBereich(z.ende, k.endeVon, k.endeBis) else {
                continue
            }
            let sortname = Registertext.falte(z.name)
            if let nach = k.nach, !nach.lexicographicallyPrecedes([sortname, id.lowercased]) { continue }
            let taetigkeit = (angaben.taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer }
            funde.append(
                Registerfund(
                    sortname: sortname,
                    treffer: Registertreffer(
                        betriebId: id, gemeindeschluessel: eintrag.ags, name: z.name, status: z.status,
                        betriebsanschrift: anschrift, taetigkeit: taetigkeit.joined(separator: "; "), wz: wz,
                        personen: personen, beginn: z.beginn, ende: z.ende),
                    zustand: k.mitZustand ? z : nil))
        }
        funde.sort {
            [$0.sortname, $0.treffer.betriebId.lowercased]
                .lexicographicallyPrecedes([$1.sortname, $1.treffer.betriebId.lowercased])
        }
        return Array(funde.prefix(k.limit))
    }

    func offeneRueckmeldungen(_ kommunen: [String]) -> [OffeneRueckmeldung] {
        rueckmeldungen.filter { $0.offen && kommunen.contains($0.vermerk.ags) }.prefix(500).map { eintrag in
            let r = eintrag.vermerk
            return OffeneRueckmeldung(
                id: r.id, gemeindeschluessel: r.ags, grund: r.grund, meldung: r.meldung,
                anmeldungFallId: r.anmeldung.id, anmeldungAktenzeichen: r.anmeldung.aktenzeichen,
                anmeldungGemeinde: r.anmeldung.gemeindeschluessel, herkunftGemeinde: r.herkunftAGS,
                herkunftBetriebId: r.anmeldung.anzeige.herkunft?.betriebId, erstelltAm: r.jetzt)
        }
    }
}
