import Foundation
import GewerbeDomain

/// Writes the Betrieb of an Anzeige (`gewerbebetrieb`) and the subjects it references
/// (`referenzierteSubjekte`): the trader as a natural person, or as a legal person, partnership or
/// other association with its gesetzliche Vertreter or Gesellschafter; the Betriebsleiter as the
/// vertretungsberechtigte Person (name only: its other data is forbidden in every profile).
struct Betriebsschreiber {
    let anzeige: Anzeige
    let betriebId: UUID?
    let aktenzeichen: String?

    static let haendlerID = "gewerbetreibender-1"
    static let vertretungsberechtigtID = "vertretungsberechtigt-1"

    /// The XUnternehmen legal form of the trader, `nil` when the code has none (then no code is sent).
    var rechtsform: XUnternehmenRechtsformen.Eintrag? {
        anzeige.inhaber?.rechtsform.flatMap { XUnternehmenRechtsformen.eintrag(fim: $0) }
    }

    var subjektart: XUnternehmenRechtsformen.Subjektart {
        if let rechtsform { return rechtsform.subjektart }
        guard anzeige.inhaber?.rechtsform?.nichtLeer != nil else { return .natuerlichePerson }
        switch anzeige.inhaber?.register?.art {
        case .hra, .pr, .gsr: return .rechtsfaehigePersonengesellschaft
        case .hrb, .gnr, .vr, .stiftungsverzeichnis: return .juristischePerson
        case nil: return .sonstigePersonenvereinigung
        }
    }

    /// The persons with their ids: for an Einzelunternehmen the first is the trader.
    var personen: [(id: String, person: Person)] {
        let alle = anzeige.personen ?? []
        guard subjektart == .natuerlichePerson else {
            return alle.enumerated().map { ("person-\($0.offset + 1)", $0.element) }
        }
        let inhaber = alle.firstIndex { $0.funktion == .inhaber } ?? alle.indices.first
        return alle.enumerated().map { eintrag in
            (eintrag.offset == inhaber ? Self.haendlerID : "person-\(eintrag.offset + 1)", eintrag.element)
        }
    }

    // MARK: - gewerbebetrieb

    func gewerbebetrieb(_ name: String) -> XMLKnoten {
        let a = anzeige
        let taetigkeiten = a.taetigkeiten ?? []
        let schwerpunkt = a.schwerpunkt
        let weitere = taetigkeiten.filter { $0 != schwerpunkt }
        let beginn = a.meldeart == .anmeldung ? a.beginn : nil
        let ende = a.meldeart == .abmeldung ? a.datumAufgabe : nil
        func taetigkeit(_ name: String, _ t: Taetigkeit, _ kontext: Profilkontext) -> XMLKnoten? {
            XMLKnoten.gruppe(
                name,
                [
                    XMLKnoten.text("xga:taetigkeitEinzeln", t.beschreibung),
                    XMLKnoten.text("wt:wirtschaftszweigschluessel", t.wz?.code?.filter(\.isNumber)),
                    XMLKnoten.text("xga:beginnTaetigkeit", beginn?.iso),
                    XMLKnoten.text("xga:endeTaetigkeit", ende?.iso),
                ], kontexte: [kontext])
        }
        // Field 20 of the form: "keine" is 0 and 0; one number given and the other left blank
        // leaves the blank one 0.
        let beschaeftigte = a.beschaeftigte
        let angegeben = beschaeftigte?.keine == true || beschaeftigte?.vollzeit != nil || beschaeftigte?.teilzeit != nil
        let vollzeit = angegeben ? (beschaeftigte?.keine == true ? 0 : beschaeftigte?.vollzeit ?? 0) : nil
        let teilzeit = angegeben ? (beschaeftigte?.keine == true ? 0 : beschaeftigte?.teilzeit ?? 0) : nil
        // Fields 23 "oder" 24: a Niederlassungsart given means no Reisegewerbe.
        let reisegewerbe = a.reisegewerbe ?? (a.niederlassungsart != nil ? false : nil)
        let kinder: [XMLKnoten?] = [
            XMLKnoten.text("xga:gewerbebetriebID", betriebId?.uuidString.lowercased()),
            XMLKnoten.text("xga:gemeindeMeldungNr", aktenzeichen),
            rechtsform.map(Self.rechtsform),
            XMLKnoten.text("wt:geschaeftsbezeichnung", a.geschaeftsbezeichnung),
            Self.betriebsstaette("xga:betriebsstaette", a.betriebsstaette, art: a.niederlassungsart),
            Self.betriebsstaette("xga:abweichendeHauptniederlassung", a.hauptniederlassung, art: nil),
            XMLKnoten.gruppe(
                "xga:taetigkeitenGesamt",
                [schwerpunkt.flatMap { taetigkeit("xga:schwerpunkt", $0, .schwerpunkt) }]
                    + weitere.map { taetigkeit("xga:taetigkeit", $0, .taetigkeit) }),
            vollzeit.map { XMLKnoten("xga:anzahlVollzeitBeschaeftigte", text: String($0)) },
            teilzeit.map { XMLKnoten("xga:anzahlTeilzeitBeschaeftigte", text: String($0)) },
            a.betriebsart.flatMap { art in
                XMLKnoten.gruppe(
                    "xga:betriebArt",
                    [
                        Self.wahr("xga:industrie", art.industrie), Self.wahr("xga:handwerk", art.handwerk),
                        Self.wahr("xga:handel", art.handel), Self.wahr("xga:sonstiges", art.sonstiges),
                    ])
            },
            Self.wahr("xga:istReisegewerbe", reisegewerbe),
            a.handwerkskarte.flatMap { Self.nachweis("xga:handwerkskarte", $0) },
            a.erlaubnis.flatMap { Self.nachweis("xga:erlaubnis", $0) },
            a.beteiligungOeffentlicheHand.map {
                Schluesselliste.beteiligungOeffentlicheHand.knoten("xga:beteiligungOeffentlicheHand", Self.code($0))
            },
            XMLKnoten(
                "xga:gewerbetreibender",
                kinder: [
                    XMLKnoten("xga:subjekt.id", text: Self.haendlerID),
                    Self.wahr("xga:istNebenerwerb", a.nebenerwerb),
                ].compactMap { $0 }, kontexte: [.gewerbetreibender]),
            a.betriebsleiter.map { _ in
                XMLKnoten("xga:vertretungsberechtigtePerson.id", text: Self.vertretungsberechtigtID)
            },
        ]
        return XMLKnoten(name, kinder: kinder.compactMap { $0 }, kontexte: [.gewerbebetrieb])
    }

    static func code(_ beteiligung: BeteiligungOeffentlicheHand) -> String {
        switch beteiligung {
        case .ja: "01"
        case .nein: "02"
        case .nichtBekannt: "03"
        }
    }

    static func wahr(_ name: String, _ wert: Bool?) -> XMLKnoten? {
        wert.map { XMLKnoten(name, text: String($0)) }
    }

    static func rechtsform(_ eintrag: XUnternehmenRechtsformen.Eintrag) -> XMLKnoten {
        XMLKnoten(
            "rf:rechtsform",
            kinder: [
                XMLKnoten(
                    "rf:rechtsformcode",
                    attribute: [
                        ("listURI", XUnternehmenRechtsformen.listenURI),
                        ("listVersionID", XUnternehmenRechtsformen.listenversion),
                    ], kinder: [XMLKnoten("code", text: eintrag.code)])
            ])
    }

    static func nachweis(_ name: String, _ n: Nachweis) -> XMLKnoten? {
        XMLKnoten.gruppe(
            name,
            [
                wahr("xga:liegtVor", n.liegtVor), XMLKnoten.text("xga:bezeichnung", n.bezeichnung),
                XMLKnoten.text("xga:ausgestelltAm", n.ausgestelltAm?.iso),
                XMLKnoten.text("xga:ausgestelltVon", n.ausgestelltVon),
            ])
    }

    static func betriebsstaette(_ name: String, _ standort: Standort?, art: Niederlassungsart?) -> XMLKnoten? {
        guard let standort else { return nil }
        return XMLKnoten.gruppe(
            name,
            [
                art.map {
                    // The code list urn:xoev-de:xunternehmen:codeliste:artniederlassung is not public:
                    // the GewA field numbering, marked by its version.
                    XMLKnoten(
                        "wt:artBetriebsstaette", attribute: [("listVersionID", "vorlaeufig")],
                        kinder: [XMLKnoten("code", text: $0.schluessel)])
                },
                standort.anschrift.flatMap(anschrift),
            ] + kommunikation(standort.kontakt), kontexte: [.betriebsstaette])
    }

    static func anschrift(_ a: Anschrift) -> XMLKnoten? {
        guard let ort = a.ort?.nichtLeer else { return nil }
        if a.istInland {
            return XMLKnoten(
                "bk:anschrift",
                kinder: [
                    XMLKnoten(
                        "adr:strassenanschriftInland",
                        kinder: [
                            XMLKnoten.text("adr:strasse", a.strasse), XMLKnoten.text("adr:hausnummer", a.hausnummer),
                            XMLKnoten.text("adr:postleitzahl", a.plz), XMLKnoten("adr:ort", text: ort),
                            XMLKnoten.text("adr:zusatzangaben", a.adresszusatz),
                        ].compactMap { $0 })
                ])
        }
        return XMLKnoten(
            "bk:anschrift",
            kinder: [
                XMLKnoten(
                    "adr:anschriftAusland",
                    kinder: [
                        XMLKnoten.text("adr:strasse", a.strasse), XMLKnoten.text("adr:hausnummer", a.hausnummer),
                        XMLKnoten.text("adr:zusatzangaben", a.adresszusatz),
                        XMLKnoten.text("adr:postleitzahl", a.plz), XMLKnoten("adr:ort", text: ort),
                        XMLKnoten("adr:staat", kinder: [XMLKnoten("adr:staat.freitext", text: a.staat ?? "")]),
                    ].compactMap { $0 })
            ])
    }

    static func kommunikation(_ kontakt: Kontakt?) -> [XMLKnoten?] {
        guard let kontakt else { return [] }
        func eintrag(_ element: String, _ wert: String?, hinweis: String? = nil) -> XMLKnoten? {
            guard let wert = wert?.nichtLeer else { return nil }
            return XMLKnoten(
                "bk:kommunikation",
                kinder: [
                    XMLKnoten(
                        "kom:kommunikation",
                        kinder: [XMLKnoten.text("kom:hinweis", hinweis), XMLKnoten(element, text: wert)].compactMap {
                            $0
                        })
                ])
        }
        return [
            eintrag("kom:telefon", kontakt.telefon), eintrag("kom:telefon", kontakt.mobil, hinweis: "Mobil"),
            eintrag("kom:telefax", kontakt.fax), eintrag("kom:eMail", kontakt.email),
            eintrag("kom:webAdresse", kontakt.internet),
        ]
    }

    // MARK: - referenzierteSubjekte

    func subjekte(_ name: String) -> XMLKnoten {
        var kinder = personen.map { Self.natuerlichePerson($0.id, $0.person, beteiligt: true) }
        if let leiter = anzeige.betriebsleiter {
            kinder.append(
                Self.natuerlichePerson(
                    Self.vertretungsberechtigtID, Person(familienname: leiter.familienname, vornamen: leiter.vornamen),
                    beteiligt: false))
        }
        if let firma = unternehmen() { kinder.append(firma) }
        return XMLKnoten(name, kinder: kinder)
    }

    /// The trader when it is not a natural person.
    func unternehmen() -> XMLKnoten? {
        let art = subjektart
        guard art != .natuerlichePerson else { return nil }
        let inhaber = anzeige.inhaber
        let eintragung = inhaber?.register.flatMap(Self.eintragung)
        let form = rechtsform.map(Self.rechtsform)
        let beteiligte = personen
        func beteiligung(_ element: String, _ id: String) -> XMLKnoten {
            XMLKnoten(
                element, kinder: [XMLKnoten("xga:natuerlichePerson.id", text: id)], kontexte: [Self.kontext(element)])
        }
        let kinder: [XMLKnoten?]
        switch art {
        case .juristischePerson:
            kinder =
                [
                    XMLKnoten("xga:subjekt.id", text: Self.haendlerID),
                    XMLKnoten.text("ename:eingetragenerName", inhaber?.name), form, eintragung,
                    XMLKnoten(
                        "xga:anzahlGesetzlicheVertreter",
                        text: String(anzeige.anzahlVertretungsberechtigte ?? beteiligte.count)),
                ] + beteiligte.map { beteiligung("xga:gesetzlicherVertreter", $0.id) }
        case .rechtsfaehigePersonengesellschaft:
            kinder =
                [
                    XMLKnoten("xga:subjekt.id", text: Self.haendlerID),
                    XMLKnoten.text("ename:eingetragenerName", inhaber?.name), form, eintragung,
                    XMLKnoten(
                        "xga:anzahlGeschaeftsfuehrendeGesellschafter",
                        text: String(anzeige.anzahlVertretungsberechtigte ?? beteiligte.count)),
                ] + beteiligte.map { beteiligung("xga:gesellschafter", $0.id) }
                + (inhaber?.weitereGesellschafter ?? []).map { XMLKnoten.text("xga:weitererGesellschafter", $0) }
        case .sonstigePersonenvereinigung, .natuerlichePerson:
            kinder =
                [
                    XMLKnoten("xga:subjekt.id", text: Self.haendlerID), XMLKnoten.text("xga:name", inhaber?.name), form,
                    XMLKnoten("xga:anzahlBeteiligte", text: String(beteiligte.count)),
                ] + beteiligte.map { beteiligung("xga:gesetzlicherVertreter", $0.id) }
        }
        let element =
            switch art {
            case .juristischePerson: "xga:juristischePerson"
            case .rechtsfaehigePersonengesellschaft: "xga:rechtsfaehigePersonengesellschaft"
            case .sonstigePersonenvereinigung, .natuerlichePerson: "xga:sonstigePersonenvereinigung"
            }
        return XMLKnoten(element, kinder: kinder.compactMap { $0 }, kontexte: [Self.kontext(element)])
    }

    static func kontext(_ element: String) -> Profilkontext {
        switch element {
        case "xga:gesetzlicherVertreter": .gesetzlicherVertreter
        case "xga:gesellschafter": .gesellschafter
        case "xga:juristischePerson": .juristischePerson
        case "xga:rechtsfaehigePersonengesellschaft": .rechtsfaehigePersonengesellschaft
        default: .sonstigePersonenvereinigung
        }
    }

    static func eintragung(_ r: Registereintrag) -> XMLKnoten? {
        guard r.art != nil || r.nummer?.nichtLeer != nil else { return nil }
        return XMLKnoten(
            "bk:eintragung",
            kinder: [
                XMLKnoten(
                    "eintr:eintragung",
                    kinder: [
                        r.art.map {
                            // urn:xoev-de:xunternehmen:codeliste:artdereintragung is not public: the
                            // Eintragungsart codes of the rechtsformen list, marked by their version.
                            XMLKnoten(
                                "eintr:artEintragung", attribute: [("listVersionID", "vorlaeufig")],
                                kinder: [XMLKnoten("code", text: artEintragung($0))])
                        },
                        XMLKnoten.text("eintr:registergericht.bezeichnung", r.gericht),
                        XMLKnoten.text("eintr:eintragungsnummer", r.nummer),
                    ].compactMap { $0 })
            ])
    }

    static func artEintragung(_ art: Registerart) -> String {
        switch art {
        case .hra: "A"
        case .hrb: "B"
        case .gnr: "GnR"
        case .pr: "P"
        case .vr: "V"
        case .gsr: "GesR"
        case .stiftungsverzeichnis: "SR"
        }
    }

    /// A natural person; `beteiligt` is false for a person who is only vertretungsberechtigt.
    static func natuerlichePerson(_ id: String, _ p: Person, beteiligt: Bool) -> XMLKnoten {
        let name = XMLKnoten(
            "np:name",
            kinder: [
                XMLKnoten.text("np:familienname", p.familienname), XMLKnoten.text("np:geburtsname", p.geburtsname),
                XMLKnoten.text("np:vornamen", p.vornamen),
            ].compactMap { $0 }, kontexte: beteiligt ? [.beteiligtePersonName] : [])
        let geburt = XMLKnoten.gruppe(
            "bk:geburt",
            [
                p.geburtsdatum.map { XMLKnoten("np:geburtsdatum", kinder: [XMLKnoten("dat:datum", text: $0.iso)]) },
                XMLKnoten.text("adr:ort", p.geburtsort),
                p.geburtsland?.nichtLeer.map {
                    XMLKnoten("bk:staat", kinder: [XMLKnoten("adr:staat.freitext", text: $0)])
                },
            ], kontexte: beteiligt ? [.beteiligtePersonGeburt] : [])
        let titel = p.aufenthaltstitel.flatMap { t in
            XMLKnoten.gruppe(
                "xga:aufenthaltstitel",
                [
                    wahr("xga:liegtVor", t.liegtVor), XMLKnoten.text("xga:ausgestelltAm", t.ausgestelltAm?.iso),
                    XMLKnoten.text("xga:ausgestelltVon", t.ausgestelltVon),
                    XMLKnoten.text("xga:gueltigBis", t.gueltigBis?.iso), wahr("xga:auflage", t.auflage),
                    XMLKnoten.text("xga:auflageText", t.auflageText),
                ])
        }
        let kinder: [XMLKnoten?] =
            [
                XMLKnoten("xga:natuerlichePerson.id", text: id), XMLKnoten.text("xga:doktorgrad", p.doktorgrad), name,
                geburt,
                p.geschlecht.map {
                    XMLKnoten(
                        "np:geschlecht",
                        attribute: [("listURI", "urn:xoev-de:xinneres:codeliste:geschlecht"), ("listVersionID", "1")],
                        kinder: [XMLKnoten("code", text: $0.rawValue)])
                },
            ]
            + (p.staatsangehoerigkeiten ?? []).map {
                XMLKnoten(
                    "np:staatsangehoerigkeit",
                    attribute: [
                        ("listURI", "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staatsangehoerigkeit"),
                        ("listVersionID", "2021-02-19"),
                    ], kinder: [XMLKnoten("code", text: $0)])
            }
            + [p.wohnanschrift.flatMap(anschrift)] + kommunikation(p.kontakt) + [titel]
        return XMLKnoten(
            "xga:natuerlichePerson", kinder: kinder.compactMap { $0 },
            kontexte: beteiligt ? [.beteiligtePerson] : [.nurVertretungsberechtigtePerson])
    }
}
