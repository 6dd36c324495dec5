import Foundation

/// One Gewerbeanzeige: a GewA 1 (Anmeldung), GewA 2 (Ummeldung) or GewA 3 (Abmeldung) as declared.
///
/// This is also the JSON form the HTTP API accepts and `gewerbe validate` reads
/// (`docs/anzeige-json.md`). Almost every field is optional in the type: whether a field is
/// required depends on the form, the Rechtsform and the reasons given, which the validation rules
/// decide (`Pruefung`), so that a clerk sees every missing field at once with its legal source.
/// The comments give the field number on the forms (BGBl. I 2019, 918-923; 2025 forms keep it).
public struct Anzeige: Sendable, Hashable, Codable {
    /// Which form: GewA 1, 2 or 3. The only field the document cannot do without.
    public var meldeart: Meldeart
    /// Layout of the form the Anzeige was made on; `2025` when absent.
    public var formularversion: Formularversion?
    /// Header: Gemeindekennzahl (8-digit AGS) of the municipality of the Betriebsstaette.
    public var gemeindeschluessel: String?
    /// Header: Name der entgegennehmenden Stelle.
    public var entgegennehmendeStelle: String?
    /// GewA 2 and 3: the Betrieb this Anzeige changes or ends (XGewO `gewerbebetriebID`).
    public var betriebId: UUID?
    /// Date the Anzeige reached the office (XGewO `datumMeldung`).
    public var eingangsdatum: Datum?
    public var eingangskanal: Eingangskanal?
    /// Fields 1 and 2: the Betriebsinhaber (name with Rechtsform, register entry).
    public var inhaber: Inhaber?
    /// Field 3: Name des Geschaefts, if different from field 1.
    public var geschaeftsbezeichnung: String?
    /// Fields 4-11 (and 30/31 on GewA 1, 27/28 on GewA 2): the notifying person or the legal
    /// representatives; the first entry is the one the form is filled for.
    public var personen: [Person]?
    /// Field 12: Zahl der geschaeftsfuehrenden Gesellschafter / der gesetzlichen Vertreter.
    public var anzahlVertretungsberechtigte: Int?
    /// Field 13: Beteiligung der oeffentlichen Hand.
    public var beteiligungOeffentlicheHand: BeteiligungOeffentlicheHand?
    /// Field 14: Vertretungsberechtigte Person / Betriebsleiter (inlaendische AG,
    /// Zweigniederlassung, unselbstaendige Zweigstelle).
    public var betriebsleiter: Name?
    /// Field 15: Betriebsstaette.
    public var betriebsstaette: Standort?
    /// Field 16: Hauptniederlassung, if the Betriebsstaette is a branch.
    public var hauptniederlassung: Standort?
    /// Field 17 on GewA 1 and 2: fruehere Betriebsstaette.
    public var fruehereBetriebsstaette: Standort?
    /// Field 17 on GewA 3: kuenftige Betriebsstaette.
    public var kuenftigeBetriebsstaette: Standort?
    /// Field 18 (GewA 2: 18 neu ausgeuebte and 19 weiterhin ausgeuebte Taetigkeit).
    public var taetigkeiten: [Taetigkeit]?
    /// Field 19 on GewA 1 and 3: Nebenerwerb.
    public var nebenerwerb: Bool?
    /// GewA 1 field 20: Datum des Beginns der angemeldeten Taetigkeit.
    public var beginn: Datum?
    /// GewA 2 field 21: Datum der Aenderung.
    public var datumAenderung: Datum?
    /// GewA 3 field 20: Datum der Betriebsaufgabe.
    public var datumAufgabe: Datum?
    /// Field 21 on GewA 1 and 3: Art des Betriebes.
    public var betriebsart: Betriebsart?
    /// Field 22: Zahl der taetigen Personen (without the owner).
    public var beschaeftigte: Beschaeftigte?
    /// Field 23: Haupt-, Zweigniederlassung or unselbstaendige Zweigstelle.
    public var niederlassungsart: Niederlassungsart?
    /// Field 24: Reisegewerbe (section 55c GewO) instead of field 23.
    public var reisegewerbe: Bool?
    /// GewA 1 field 25: Grund der Neuerrichtung / der Uebernahme.
    public var grundAnmeldung: GrundAnmeldung?
    /// GewA 2: the reasons for the Ummeldung.
    public var gruendeUmmeldung: [GrundUmmeldung]?
    /// GewA 2 field 20: sonstige Gruende fuer die Ummeldung (free text).
    public var sonstigeGruendeUmmeldung: String?
    /// GewA 3 fields 25/26: Grund der Aufgabe / der Uebergabe.
    public var grundAbmeldung: GrundAbmeldung?
    /// GewA 1 field 26: Name des frueheren Gewerbetreibenden oder frueherer Firmenname.
    public var fruehererInhaber: String?
    /// GewA 3 field 27: Name des kuenftigen Gewerbetreibenden oder kuenftiger Firmenname.
    public var kuenftigerInhaber: String?
    /// GewA 1 field 27: bisheriger Unfallversicherungstraeger and Mitgliedsnummer.
    public var bisherigeUnfallversicherung: Unfallversicherung?
    /// GewA 1 field 28, GewA 2 field 25: Erlaubnis.
    public var erlaubnis: Nachweis?
    /// GewA 1 field 29, GewA 2 field 26: Handwerkskarte (Handwerk der Anlage A HwO).
    public var handwerkskarte: Nachweis?
    /// GewA 3 field 28: Gruende fuer die Betriebsaufgabe (free text).
    public var gruendeBetriebsaufgabe: String?
    /// GewA 3 field 28 as coded for the statistics (Ursache fuer Abmeldung).
    public var ursacheAbmeldung: UrsacheAbmeldung?
    /// GewA 1 field 32, GewA 2 and 3 field 29: Datum (of the signature).
    public var datumUnterschrift: Datum?
    /// GewA 3: Abmeldung von Amts wegen (section 14 Abs. 1 Satz 3 GewO).
    public var vonAmtsWegen: Bool?
    /// GewA 1 with Grund `verlegungAusAnderemMeldebezirk`: where the Betrieb comes from
    /// (for the Rueckmeldung to the former office).
    public var herkunft: Herkunft?

    public init(
        meldeart: Meldeart, formularversion: Formularversion? = nil, gemeindeschluessel: String? = nil,
        entgegennehmendeStelle: String? = nil, betriebId: UUID? = nil, eingangsdatum: Datum? = nil,
        eingangskanal: Eingangskanal? = nil, inhaber: Inhaber? = nil, geschaeftsbezeichnung: String? = nil,
        personen: [Person]? = nil, anzahlVertretungsberechtigte: Int? = nil,
        beteiligungOeffentlicheHand: BeteiligungOeffentlicheHand? = nil, betriebsleiter: Name? = nil,
        betriebsstaette: Standort? = nil, hauptniederlassung: Standort? = nil,
        fruehereBetriebsstaette: Standort? = nil, kuenftigeBetriebsstaette: Standort? = nil,
        taetigkeiten: [Taetigkeit]? = nil, nebenerwerb: Bool? = nil, beginn: Datum? = nil,
        datumAenderung: Datum? = nil, datumAufgabe: Datum? = nil, betriebsart: Betriebsart? = nil,
        beschaeftigte: Beschaeftigte? = nil, niederlassungsart: Niederlassungsart? = nil,
        reisegewerbe: Bool? = nil, grundAnmeldung: GrundAnmeldung? = nil,
        gruendeUmmeldung: [GrundUmmeldung]? = nil, sonstigeGruendeUmmeldung: String? = nil,
        grundAbmeldung: GrundAbmeldung? = nil, fruehererInhaber: String? = nil,
        kuenftigerInhaber: String? = nil, bisherigeUnfallversicherung: Unfallversicherung? = nil,
        erlaubnis: Nachweis? = nil, handwerkskarte: Nachweis? = nil, gruendeBetriebsaufgabe: String? = nil,
        ursacheAbmeldung: UrsacheAbmeldung? = nil, datumUnterschrift: Datum? = nil, vonAmtsWegen: Bool? = nil,
        herkunft: Herkunft? = nil
    ) {
        self.meldeart = meldeart
        self.formularversion = formularversion
        self.gemeindeschluessel = gemeindeschluessel
        self.entgegennehmendeStelle = entgegennehmendeStelle
        self.betriebId = betriebId
        self.eingangsdatum = eingangsdatum
        self.eingangskanal = eingangskanal
        self.inhaber = inhaber
        self.geschaeftsbezeichnung = geschaeftsbezeichnung
        self.personen = personen
        self.anzahlVertretungsberechtigte = anzahlVertretungsberechtigte
        self.beteiligungOeffentlicheHand = beteiligungOeffentlicheHand
        self.betriebsleiter = betriebsleiter
        self.betriebsstaette = betriebsstaette
        self.hauptniederlassung = hauptniederlassung
        self.fruehereBetriebsstaette = fruehereBetriebsstaette
        self.kuenftigeBetriebsstaette = kuenftigeBetriebsstaette
        self.taetigkeiten = taetigkeiten
        self.nebenerwerb = nebenerwerb
        self.beginn = beginn
        self.datumAenderung = datumAenderung
        self.datumAufgabe = datumAufgabe
        self.betriebsart = betriebsart
        self.beschaeftigte = beschaeftigte
        self.niederlassungsart = niederlassungsart
        self.reisegewerbe = reisegewerbe
        self.grundAnmeldung = grundAnmeldung
        self.gruendeUmmeldung = gruendeUmmeldung
        self.sonstigeGruendeUmmeldung = sonstigeGruendeUmmeldung
        self.grundAbmeldung = grundAbmeldung
        self.fruehererInhaber = fruehererInhaber
        self.kuenftigerInhaber = kuenftigerInhaber
        self.bisherigeUnfallversicherung = bisherigeUnfallversicherung
        self.erlaubnis = erlaubnis
        self.handwerkskarte = handwerkskarte
        self.gruendeBetriebsaufgabe = gruendeBetriebsaufgabe
        self.ursacheAbmeldung = ursacheAbmeldung
        self.datumUnterschrift = datumUnterschrift
        self.vonAmtsWegen = vonAmtsWegen
        self.herkunft = herkunft
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case meldeart, formularversion, gemeindeschluessel, entgegennehmendeStelle, betriebId, eingangsdatum
        case eingangskanal, inhaber, geschaeftsbezeichnung, personen, anzahlVertretungsberechtigte
        case beteiligungOeffentlicheHand, betriebsleiter, betriebsstaette, hauptniederlassung
        case fruehereBetriebsstaette, kuenftigeBetriebsstaette, taetigkeiten, nebenerwerb, beginn
        case datumAenderung, datumAufgabe, betriebsart, beschaeftigte, niederlassungsart, reisegewerbe
        case grundAnmeldung, gruendeUmmeldung, sonstigeGruendeUmmeldung, grundAbmeldung, fruehererInhaber
        case kuenftigerInhaber, bisherigeUnfallversicherung, erlaubnis, handwerkskarte, gruendeBetriebsaufgabe
        case ursacheAbmeldung, datumUnterschrift, vonAmtsWegen, herkunft
    }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        guard let meldeart: Meldeart = f.pflichtCode(.meldeart) else {
            // Still read the rest, so that every problem of the document is reported at once.
            _ = Self.leseRest(f, meldeart: .anmeldung)
            throw BereitsGemeldet()
        }
        self = Self.leseRest(f, meldeart: meldeart)
    }

    private static func leseRest(_ f: FeldLeser<CodingKeys>, meldeart: Meldeart) -> Anzeige {
        Anzeige(
            meldeart: meldeart, formularversion: f.code(.formularversion),
            gemeindeschluessel: f.wert(.gemeindeschluessel),
            entgegennehmendeStelle: f.wert(.entgegennehmendeStelle), betriebId: f.wert(.betriebId),
            eingangsdatum: f.wert(.eingangsdatum), eingangskanal: f.code(.eingangskanal), inhaber: f.wert(.inhaber),
            geschaeftsbezeichnung: f.wert(.geschaeftsbezeichnung), personen: f.wert(.personen),
            anzahlVertretungsberechtigte: f.wert(.anzahlVertretungsberechtigte),
            beteiligungOeffentlicheHand: f.code(.beteiligungOeffentlicheHand), betriebsleiter: f.wert(.betriebsleiter),
            betriebsstaette: f.wert(.betriebsstaette), hauptniederlassung: f.wert(.hauptniederlassung),
            fruehereBetriebsstaette: f.wert(.fruehereBetriebsstaette),
            kuenftigeBetriebsstaette: f.wert(.kuenftigeBetriebsstaette), taetigkeiten: f.wert(.taetigkeiten),
            nebenerwerb: f.wert(.nebenerwerb), beginn: f.wert(.beginn), datumAenderung: f.wert(.datumAenderung),
            datumAufgabe: f.wert(.datumAufgabe), betriebsart: f.wert(.betriebsart),
            beschaeftigte: f.wert(.beschaeftigte),
            niederlassungsart: f.code(.niederlassungsart), reisegewerbe: f.wert(.reisegewerbe),
            grundAnmeldung: f.code(.grundAnmeldung), gruendeUmmeldung: f.codes(.gruendeUmmeldung),
            sonstigeGruendeUmmeldung: f.wert(.sonstigeGruendeUmmeldung), grundAbmeldung: f.code(.grundAbmeldung),
            fruehererInhaber: f.wert(.fruehererInhaber), kuenftigerInhaber: f.wert(.kuenftigerInhaber),
            bisherigeUnfallversicherung: f.wert(.bisherigeUnfallversicherung), erlaubnis: f.wert(.erlaubnis),
            handwerkskarte: f.wert(.handwerkskarte), gruendeBetriebsaufgabe: f.wert(.gruendeBetriebsaufgabe),
            ursacheAbmeldung: f.code(.ursacheAbmeldung), datumUnterschrift: f.wert(.datumUnterschrift),
            vonAmtsWegen: f.wert(.vonAmtsWegen), herkunft: f.wert(.herkunft)
        )
    }

    /// Reads an Anzeige from its JSON form, reporting every problem at once.
    public static func lesen(json daten: Data) throws(EingabeFehler) -> Anzeige {
        try StrengerLeser.lesen(Anzeige.self, aus: daten)
    }

    /// The canonical JSON form (sorted keys, no nulls): what is stored and filed.
    public func json() -> Data {
        (try? JSONForm.daten(self)) ?? Data()
    }

    /// The date the Anzeige is about: Beginn (GewA 1), Aenderung (GewA 2) or Aufgabe (GewA 3).
    public var ereignisdatum: Datum? {
        switch meldeart {
        case .anmeldung: beginn
        case .ummeldung: datumAenderung
        case .abmeldung: datumAufgabe
        }
    }

    /// The Schwerpunkt activity (the underlined one), or the first if none is marked.
    public var schwerpunkt: Taetigkeit? {
        taetigkeiten?.first { $0.schwerpunkt == true } ?? taetigkeiten?.first
    }

    /// The name the Betrieb is known by: field 1, else field 3, else the person's name.
    public var anzeigename: String {
        if let name = inhaber?.name?.nichtLeer { return name }
        if let name = geschaeftsbezeichnung?.nichtLeer { return name }
        if let person = personen?.first {
            let name = [person.vornamen, person.familienname].compactMap { $0?.nichtLeer }.joined(separator: " ")
            if !name.isEmpty { return name }
        }
        return "(ohne Namen)"
    }
}

/// Fields 1 and 2: the Betriebsinhaber as a legal entity.
public struct Inhaber: Sendable, Hashable, Codable {
    /// Field 1: name with Rechtsform as entered in the register (for a GbR: the partners).
    public var name: String?
    /// Rechtsform code (FIM list `urn:de:fim:codeliste:rechtsformen-gaengig`, e.g. `350` GmbH).
    public var rechtsform: String?
    /// Field 2: Ort und Nummer des Registereintrags.
    public var register: Registereintrag?
    /// Field 1 for a GbR: the other partners (name and first name suffice).
    public var weitereGesellschafter: [String]?
    /// A company before its register entry ("in Gruendung"): no register number yet.
    public var inGruendung: Bool?

    public init(
        name: String? = nil, rechtsform: String? = nil, register: Registereintrag? = nil,
        weitereGesellschafter: [String]? = nil, inGruendung: Bool? = nil
    ) {
        self.name = name
        self.rechtsform = rechtsform
        self.register = register
        self.weitereGesellschafter = weitereGesellschafter
        self.inGruendung = inGruendung
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, rechtsform, register, weitereGesellschafter, inGruendung
    }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            name: f.wert(.name), rechtsform: f.wert(.rechtsform), register: f.wert(.register),
            weitereGesellschafter: f.wert(.weitereGesellschafter), inGruendung: f.wert(.inGruendung))
    }
}

/// Field 2: a register entry, e.g. Amtsgericht Eschwege HRB 1234.
public struct Registereintrag: Sendable, Hashable, Codable {
    public var art: Registerart?
    /// The register court, e.g. "Amtsgericht Eschwege".
    public var gericht: String?
    /// The number without the register prefix, e.g. `1234` or `1234 B`.
    public var nummer: String?

    public init(art: Registerart? = nil, gericht: String? = nil, nummer: String? = nil) {
        self.art = art
        self.gericht = gericht
        self.nummer = nummer
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case art, gericht, nummer }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(art: f.code(.art), gericht: f.wert(.gericht), nummer: f.wert(.nummer))
    }
}

/// Fields 4-11: a natural person on the form (trader, managing partner or legal representative).
public struct Person: Sendable, Hashable, Codable {
    public var funktion: PersonFunktion?
    /// Field 4.
    public var familienname: String?
    /// Field 5.
    public var vornamen: String?
    public var doktorgrad: String?
    /// Field 6.
    public var geschlecht: Geschlecht?
    /// Field 7 (only if different from field 4).
    public var geburtsname: String?
    /// Field 8.
    public var geburtsdatum: Datum?
    /// Field 9 (Ort).
    public var geburtsort: String?
    /// Field 9 (Land).
    public var geburtsland: String?
    /// Field 10: Destatis codes (`000` deutsch); several allowed.
    public var staatsangehoerigkeiten: [String]?
    /// Field 11: Anschrift der Wohnung.
    public var wohnanschrift: Anschrift?
    /// Field 11: Telefon, Mobil, Fax, E-Mail, Internet.
    public var kontakt: Kontakt?
    /// GewA 1 fields 30/31, GewA 2 fields 27/28: Aufenthaltstitel (third-country nationals).
    public var aufenthaltstitel: Aufenthaltstitel?
    /// For a minor: the Genehmigung of the Familiengericht (section 112 BGB).
    public var genehmigungFamiliengericht: Nachweis?

    public init(
        funktion: PersonFunktion? = nil, familienname: String? = nil, vornamen: String? = nil,
        doktorgrad: String? = nil, geschlecht: Geschlecht? = nil, geburtsname: String? = nil,
        geburtsdatum: Datum? = nil, geburtsort: String? = nil, geburtsland: String? = nil,
        staatsangehoerigkeiten: [String]? = nil, wohnanschrift: Anschrift? = nil, kontakt: Kontakt? = nil,
        aufenthaltstitel: Aufenthaltstitel? = nil, genehmigungFamiliengericht: Nachweis? = nil
    ) {
        self.funktion = funktion
        self.familienname = familienname
        self.vornamen = vornamen
        self.doktorgrad = doktorgrad
        self.geschlecht = geschlecht
        self.geburtsname = geburtsname
        self.geburtsdatum = geburtsdatum
        self.geburtsort = geburtsort
        self.geburtsland = geburtsland
        self.staatsangehoerigkeiten = staatsangehoerigkeiten
        self.wohnanschrift = wohnanschrift
        self.kontakt = kontakt
        self.aufenthaltstitel = aufenthaltstitel
        self.genehmigungFamiliengericht = genehmigungFamiliengericht
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case funktion, familienname, vornamen, doktorgrad, geschlecht, geburtsname, geburtsdatum, geburtsort
        case geburtsland, staatsangehoerigkeiten, wohnanschrift, kontakt, aufenthaltstitel
        case genehmigungFamiliengericht
    }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            funktion: f.code(.funktion), familienname: f.wert(.familienname), vornamen: f.wert(.vornamen),
            doktorgrad: f.wert(.doktorgrad), geschlecht: f.code(.geschlecht), geburtsname: f.wert(.geburtsname),
            geburtsdatum: f.wert(.geburtsdatum), geburtsort: f.wert(.geburtsort), geburtsland: f.wert(.geburtsland),
            staatsangehoerigkeiten: f.wert(.staatsangehoerigkeiten), wohnanschrift: f.wert(.wohnanschrift),
            kontakt: f.wert(.kontakt), aufenthaltstitel: f.wert(.aufenthaltstitel),
            genehmigungFamiliengericht: f.wert(.genehmigungFamiliengericht))
    }

    /// "Vornamen Familienname".
    public var anzeigename: String {
        [doktorgrad, vornamen, familienname].compactMap { $0?.nichtLeer }.joined(separator: " ")
    }
}

/// A family name and first names (field 14, Betriebsleiter).
public struct Name: Sendable, Hashable, Codable {
    public var familienname: String?
    public var vornamen: String?

    public init(familienname: String? = nil, vornamen: String? = nil) {
        self.familienname = familienname
        self.vornamen = vornamen
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case familienname, vornamen }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(familienname: f.wert(.familienname), vornamen: f.wert(.vornamen))
    }
}

/// A postal address.
public struct Anschrift: Sendable, Hashable, Codable {
    public var strasse: String?
    public var hausnummer: String?
    public var adresszusatz: String?
    public var plz: String?
    public var ort: String?
    public var ortsteil: String?
    /// ISO 3166-1 alpha-2 country code; `DE` when absent.
    public var staat: String?

    public init(
        strasse: String? = nil, hausnummer: String? = nil, adresszusatz: String? = nil, plz: String? = nil,
        ort: String? = nil, ortsteil: String? = nil, staat: String? = nil
    ) {
        self.strasse = strasse
        self.hausnummer = hausnummer
        self.adresszusatz = adresszusatz
        self.plz = plz
        self.ort = ort
        self.ortsteil = ortsteil
        self.staat = staat
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case strasse, hausnummer, adresszusatz, plz, ort, ortsteil, staat
    }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            strasse: f.wert(.strasse), hausnummer: f.wert(.hausnummer), adresszusatz: f.wert(.adresszusatz),
            plz: f.wert(.plz), ort: f.wert(.ort), ortsteil: f.wert(.ortsteil), staat: f.wert(.staat))
    }

    /// Whether the address lies in Germany.
    public var istInland: Bool { (staat?.nichtLeer ?? "DE").uppercased() == "DE" }

    /// One line, e.g. "Marktstraße 3, 37242 Bad Sooden-Allendorf".
    public var einzeilig: String {
        let strasseTeil = [strasse, hausnummer].compactMap { $0?.nichtLeer }.joined(separator: " ")
        let ortTeil = [plz, ort].compactMap { $0?.nichtLeer }.joined(separator: " ")
        return [strasseTeil, adresszusatz?.nichtLeer ?? "", ortTeil].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// A comparison key that ignores case, spacing and the usual spelling variants of "Straße".
    public var vergleichsschluessel: String {
        func norm(_ text: String?) -> String {
            var value = (text ?? "").lowercased()
            for (alt, neu) in [("straße", "str"), ("strasse", "str"), ("str.", "str"), ("ß", "ss")] {
                value = value.replacingOccurrences(of: alt, with: neu)
            }
            return value.filter { $0.isLetter || $0.isNumber }
        }
        return [norm(strasse), norm(hausnummer), norm(plz), norm(ort)].joined(separator: "|")
    }
}

/// Telephone, fax, e-mail and web address (fields 11 and 15).
public struct Kontakt: Sendable, Hashable, Codable {
    public var telefon: String?
    public var mobil: String?
    public var fax: String?
    public var email: String?
    public var internet: String?

    public init(
        telefon: String? = nil, mobil: String? = nil, fax: String? = nil, email: String? = nil,
        internet: String? = nil
    ) {
        self.telefon = telefon
        self.mobil = mobil
        self.fax = fax
        self.email = email
        self.internet = internet
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case telefon, mobil, fax, email, internet }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            telefon: f.wert(.telefon), mobil: f.wert(.mobil), fax: f.wert(.fax), email: f.wert(.email),
            internet: f.wert(.internet))
    }
}

/// An address with its contact data (fields 15, 16, 17).
public struct Standort: Sendable, Hashable, Codable {
    public var anschrift: Anschrift?
    public var kontakt: Kontakt?

    public init(anschrift: Anschrift? = nil, kontakt: Kontakt? = nil) {
        self.anschrift = anschrift
        self.kontakt = kontakt
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case anschrift, kontakt }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(anschrift: f.wert(.anschrift), kontakt: f.wert(.kontakt))
    }
}

/// Whether an activity on a GewA 2 is newly taken up (field 18) or continued (field 19).
public enum TaetigkeitStatus: String, Sendable, Codable, CaseIterable, Hashable, Codewert {
    case neu
    case weiterhin
}

/// Field 18: one declared activity, with the WZ code the office assigns.
public struct Taetigkeit: Sendable, Hashable, Codable {
    /// The activity in the declarant's words ("Elektroinstallation und Einzelhandel mit Leuchten").
    public var beschreibung: String?
    /// The main activity (underlined on the paper form).
    public var schwerpunkt: Bool?
    /// The WZ Unterklasse the office assigned.
    public var wz: WZAngabe?
    /// GewA 2 only: new (field 18) or continued (field 19).
    public var status: TaetigkeitStatus?

    public init(
        beschreibung: String? = nil, schwerpunkt: Bool? = nil, wz: WZAngabe? = nil,
        status: TaetigkeitStatus? = nil
    ) {
        self.beschreibung = beschreibung
        self.schwerpunkt = schwerpunkt
        self.wz = wz
        self.status = status
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case beschreibung, schwerpunkt, wz, status }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            beschreibung: f.wert(.beschreibung), schwerpunkt: f.wert(.schwerpunkt), wz: f.wert(.wz),
            status: f.code(.status))
    }
}

/// A WZ code with its classification version (WZ 2008 now, WZ 2025 coming).
public struct WZAngabe: Sendable, Hashable, Codable {
    /// `WZ2008` when absent.
    public var klassifikation: WZKlassifikation?
    /// Unterklasse, dotted (`96.02.1`) or as in XGewO without dots (`96021`).
    public var code: String?

    public init(klassifikation: WZKlassifikation? = nil, code: String? = nil) {
        self.klassifikation = klassifikation
        self.code = code
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case klassifikation, code }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(klassifikation: f.code(.klassifikation), code: f.wert(.code))
    }

    /// The effective classification (`WZ2008` when not given).
    public var version: WZKlassifikation { klassifikation ?? .wz2008 }

    /// The code in dotted form (`96.02.1`), whether given with or without dots.
    public var gepunktet: String? { code.map(WZVerzeichnis.gepunktet) }
}

/// Field 21: Art des Betriebes (several may apply).
public struct Betriebsart: Sendable, Hashable, Codable {
    public var industrie: Bool?
    public var handwerk: Bool?
    public var handel: Bool?
    public var sonstiges: Bool?

    public init(industrie: Bool? = nil, handwerk: Bool? = nil, handel: Bool? = nil, sonstiges: Bool? = nil) {
        self.industrie = industrie
        self.handwerk = handwerk
        self.handel = handel
        self.sonstiges = sonstiges
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case industrie, handwerk, handel, sonstiges }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            industrie: f.wert(.industrie), handwerk: f.wert(.handwerk), handel: f.wert(.handel),
            sonstiges: f.wert(.sonstiges))
    }

    /// Whether at least one kind is ticked.
    public var irgendeine: Bool { [industrie, handwerk, handel, sonstiges].contains { $0 == true } }
}

/// Field 22: Zahl der taetigen Personen, without the owner.
public struct Beschaeftigte: Sendable, Hashable, Codable {
    public var vollzeit: Int?
    public var teilzeit: Int?
    /// The box "keine".
    public var keine: Bool?

    public init(vollzeit: Int? = nil, teilzeit: Int? = nil, keine: Bool? = nil) {
        self.vollzeit = vollzeit
        self.teilzeit = teilzeit
        self.keine = keine
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case vollzeit, teilzeit, keine }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(vollzeit: f.wert(.vollzeit), teilzeit: f.wert(.teilzeit), keine: f.wert(.keine))
    }

    /// Total persons declared (0 for "keine"). Saturates instead of trapping: the numbers come
    /// from the document as given (e.g. 9223372036854775807), and validation must not crash.
    public var gesamt: Int {
        let (summe, ueberlauf) = (vollzeit ?? 0).addingReportingOverflow(teilzeit ?? 0)
        guard ueberlauf else { return summe }
        return (vollzeit ?? 0) > 0 ? Int.max : Int.min
    }
}

/// GewA 1 field 27: the previous statutory accident insurer and membership number.
public struct Unfallversicherung: Sendable, Hashable, Codable {
    public var traeger: String?
    public var traegerNichtBekannt: Bool?
    public var mitgliedsnummer: String?
    public var mitgliedsnummerNichtBekannt: Bool?

    public init(
        traeger: String? = nil, traegerNichtBekannt: Bool? = nil, mitgliedsnummer: String? = nil,
        mitgliedsnummerNichtBekannt: Bool? = nil
    ) {
        self.traeger = traeger
        self.traegerNichtBekannt = traegerNichtBekannt
        self.mitgliedsnummer = mitgliedsnummer
        self.mitgliedsnummerNichtBekannt = mitgliedsnummerNichtBekannt
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case traeger, traegerNichtBekannt, mitgliedsnummer, mitgliedsnummerNichtBekannt
    }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            traeger: f.wert(.traeger), traegerNichtBekannt: f.wert(.traegerNichtBekannt),
            mitgliedsnummer: f.wert(.mitgliedsnummer), mitgliedsnummerNichtBekannt: f.wert(.mitgliedsnummerNichtBekannt)
        )
    }
}

/// A yes/no proof with issue date and issuer: Erlaubnis (field 28), Handwerkskarte (field 29),
/// Genehmigung des Familiengerichts.
public struct Nachweis: Sendable, Hashable, Codable {
    /// The form's "ja"/"nein".
    public var liegtVor: Bool?
    public var ausgestelltAm: Datum?
    /// Issuing authority, Handwerkskammer or court.
    public var ausgestelltVon: String?
    /// What it is, e.g. "Erlaubnis nach § 34c GewO".
    public var bezeichnung: String?

    public init(
        liegtVor: Bool? = nil, ausgestelltAm: Datum? = nil, ausgestelltVon: String? = nil, bezeichnung: String? = nil
    ) {
        self.liegtVor = liegtVor
        self.ausgestelltAm = ausgestelltAm
        self.ausgestelltVon = ausgestelltVon
        self.bezeichnung = bezeichnung
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case liegtVor, ausgestelltAm, ausgestelltVon, bezeichnung }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            liegtVor: f.wert(.liegtVor), ausgestelltAm: f.wert(.ausgestelltAm), ausgestelltVon: f.wert(.ausgestelltVon),
            bezeichnung: f.wert(.bezeichnung))
    }
}

/// GewA 1 fields 30/31 (GewA 2 fields 27/28): Aufenthaltstitel and conditions on gainful work.
public struct Aufenthaltstitel: Sendable, Hashable, Codable {
    /// Field 30: liegt ein Aufenthaltstitel vor?
    public var liegtVor: Bool?
    public var ausgestelltAm: Datum?
    public var ausgestelltVon: String?
    /// End of validity, if the title is limited.
    public var gueltigBis: Datum?
    /// Field 31: Auflage und/oder Beschraenkung zur Erwerbstaetigkeit?
    public var auflage: Bool?
    /// Field 31: the wording, e.g. "Selbständige Tätigkeit nicht gestattet".
    public var auflageText: String?

    public init(
        liegtVor: Bool? = nil, ausgestelltAm: Datum? = nil, ausgestelltVon: String? = nil, gueltigBis: Datum? = nil,
        auflage: Bool? = nil, auflageText: String? = nil
    ) {
        self.liegtVor = liegtVor
        self.ausgestelltAm = ausgestelltAm
        self.ausgestelltVon = ausgestelltVon
        self.gueltigBis = gueltigBis
        self.auflage = auflage
        self.auflageText = auflageText
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case liegtVor, ausgestelltAm, ausgestelltVon, gueltigBis, auflage, auflageText
    }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(
            liegtVor: f.wert(.liegtVor), ausgestelltAm: f.wert(.ausgestelltAm), ausgestelltVon: f.wert(.ausgestelltVon),
            gueltigBis: f.wert(.gueltigBis), auflage: f.wert(.auflage), auflageText: f.wert(.auflageText))
    }
}

/// Where a Betrieb moved from (GewA 1, Grund "Verlegung aus einem anderen Meldebezirk").
public struct Herkunft: Sendable, Hashable, Codable {
    /// AGS of the former office's municipality.
    public var gemeindeschluessel: String?
    /// The Betrieb's id at the former office, if known (same instance).
    public var betriebId: UUID?

    public init(gemeindeschluessel: String? = nil, betriebId: UUID? = nil) {
        self.gemeindeschluessel = gemeindeschluessel
        self.betriebId = betriebId
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case gemeindeschluessel, betriebId }

    public init(from decoder: any Decoder) throws {
        let f = try FeldLeser(decoder, CodingKeys.self)
        self.init(gemeindeschluessel: f.wert(.gemeindeschluessel), betriebId: f.wert(.betriebId))
    }
}

extension String {
    /// The text trimmed of whitespace, or `nil` if nothing is left.
    public var nichtLeer: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
