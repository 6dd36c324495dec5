import Foundation
import GewerbeDomain

/// A sender or reader of a message: its DVDV address (prefix and key) and name.
public struct Kommunikationspartner: Sendable, Hashable, Codable {
    public var praefix: String
    public var kennung: String
    public var name: String

    public init(praefix: String, kennung: String, name: String) {
        self.praefix = praefix
        self.kennung = kennung
        self.name = name
    }

    /// The Gewerbeamt of a municipality: `MELDID` + AGS.
    public static func gewerbeamt(ags: String, name: String) -> Kommunikationspartner {
        Kommunikationspartner(praefix: "MELDID", kennung: ags, name: name)
    }

    /// The recipient's address from the directory, `nil` when its key is not known.
    public init?(_ adresse: Empfaengeradresse) {
        guard let kennung = adresse.kennung?.nichtLeer else { return nil }
        self.init(praefix: adresse.praefix, kennung: kennung, name: adresse.name)
    }
}

/// Everything one message is written from: the planned message, its identity, the parties, and
/// the case (the Anzeige, the Betrieb's declared data before it, the file number).
public struct Nachrichtenauftrag: Sendable {
    public var nachricht: GeplanteNachricht
    public var nachrichtenUUID: UUID
    /// The UUID of the Satz (the case version), the same in every message of one Anzeige.
    public var satzUUID: UUID
    public var erstellt: Date
    public var autor: Kommunikationspartner
    public var leser: Kommunikationspartner
    public var anzeige: Anzeige
    /// The Betrieb's declared data after the Anzeige (an Ummeldung gives only what changes);
    /// `nil`: the Anzeige's own data.
    public var nachher: Anzeige?
    /// The Betrieb's declared data before the Anzeige (Ummeldung, Datenaktualisierung).
    public var vorher: Anzeige?
    public var betriebId: UUID?
    /// The Aktenzeichen of the case (`gemeindeMeldungNr`).
    public var aktenzeichen: String?
    /// What the office found (section 3 Abs. 3 GewAnzV), written only where the Verdachtsmoment is set.
    public var anhaltspunkteZoll: String?

    public init(
        nachricht: GeplanteNachricht, nachrichtenUUID: UUID, satzUUID: UUID, erstellt: Date,
        autor: Kommunikationspartner, leser: Kommunikationspartner, anzeige: Anzeige, nachher: Anzeige? = nil,
        vorher: Anzeige? = nil,
        betriebId: UUID? = nil, aktenzeichen: String? = nil, anhaltspunkteZoll: String? = nil
    ) {
        self.nachricht = nachricht
        self.nachrichtenUUID = nachrichtenUUID
        self.satzUUID = satzUUID
        self.erstellt = erstellt
        self.autor = autor
        self.leser = leser
        self.anzeige = anzeige
        self.nachher = nachher
        self.vorher = vorher
        self.betriebId = betriebId
        self.aktenzeichen = aktenzeichen
        self.anhaltspunkteZoll = anhaltspunkteZoll
    }
}

/// The XML writer of the Gewerbemeldungen: one tree for every message type (the complete record,
/// as `alg` receives it), then cut to what the recipient's profile allows (``Profilfilter``).
public enum Gewerbemeldung {
    /// The message as the recipient receives it: the tree cut to its profile.
    public static func knoten(_ auftrag: Nachrichtenauftrag) -> XMLKnoten {
        Profilfilter.anwenden(vollstaendig(auftrag), nachrichtentyp: auftrag.nachricht.nachrichtentyp)
    }

    /// The message as XML text.
    public static func xml(_ auftrag: Nachrichtenauftrag) -> String {
        knoten(auftrag).dokument(namensraeume: Namensraum.alle)
    }

    /// The complete record before the profile is applied.
    public static func vollstaendig(_ auftrag: Nachrichtenauftrag) -> XMLKnoten {
        XMLKnoten(
            "xga:\(auftrag.nachricht.nachrichtentyp)", attribute: [("version", Namensraum.version)],
            kinder: [kopf(auftrag), satz(auftrag)])
    }

    static func kopf(_ auftrag: Nachrichtenauftrag) -> XMLKnoten {
        func partner(_ name: String, _ p: Kommunikationspartner) -> XMLKnoten {
            XMLKnoten(
                name,
                kinder: [
                    XMLKnoten("xga:praefix", text: p.praefix), XMLKnoten("xga:kennung", text: p.kennung),
                    XMLKnoten("xga:name", text: p.name),
                ])
        }
        return XMLKnoten(
            "xga:nachrichtenkopf",
            kinder: [
                XMLKnoten("xga:nachrichtenUUID", text: auftrag.nachrichtenUUID.uuidString.lowercased()),
                XMLKnoten("xga:nachrichtentyp", text: auftrag.nachricht.nachrichtentyp),
                XMLKnoten("xga:erstellungszeitpunkt", text: zeitpunkt(auftrag.erstellt)),
                partner("xga:autor", auftrag.autor), partner("xga:leser", auftrag.leser),
            ])
    }

    static func zeitpunkt(_ datum: Date) -> String {
        datum.formatted(.iso8601)  // 2026-12-01T09:00:00Z
    }

    static func satz(_ auftrag: Nachrichtenauftrag) -> XMLKnoten {
        let a = auftrag.anzeige
        let betrieb = Betriebsschreiber(
            anzeige: auftrag.nachher ?? a, betriebId: auftrag.betriebId, aktenzeichen: auftrag.aktenzeichen)
        let vorher = auftrag.vorher.map {
            Betriebsschreiber(anzeige: $0, betriebId: auftrag.betriebId, aktenzeichen: auftrag.aktenzeichen)
        }
        let datumMeldung = XMLKnoten.text("xga:datumMeldung", (a.eingangsdatum ?? a.datumUnterschrift)?.iso)
        var inhalt: [XMLKnoten?]
        let art: String
        switch auftrag.nachricht.nachrichtenart {
        case .anmeldung:
            art = "xga:anmeldung"
            let verdacht = auftrag.nachricht.verdachtsmoment
            inhalt = [
                datumMeldung,
                a.grundAnmeldung.map {
                    Schluesselliste.grundAnmeldung.knoten("xga:grundAnmeldungSchluessel", Schluesselliste.code($0))
                },
                XMLKnoten.gruppe(
                    "xga:frueheresGewerbe", [XMLKnoten.text("xga:nameFirmaGewerbetreibender", a.fruehererInhaber)],
                    kontexte: [.frueheresGewerbe]),
                a.bisherigeUnfallversicherung.flatMap(unfallversicherung),
                verdacht.map { XMLKnoten("xga:verdachtsmoment", text: String($0)) },
                verdacht == true ? XMLKnoten.text("xga:verdachtsmomenteText", auftrag.anhaltspunkteZoll) : nil,
                betrieb.gewerbebetrieb("xga:gewerbebetrieb"), betrieb.subjekte("xga:referenzierteSubjekte"),
            ]
        case .ummeldung:
            art = "xga:ummeldung"
            inhalt =
                [datumMeldung]
                + (a.gruendeUmmeldung ?? []).map {
                    Schluesselliste.grundUmmeldung.knoten("xga:grundUmmeldungSchluessel", Schluesselliste.code($0))
                }
                + [
                    XMLKnoten.text("xga:anlaesseUmmeldung", a.sonstigeGruendeUmmeldung),
                    betrieb.gewerbebetrieb("xga:gewerbebetrieb"),
                    vorher?.gewerbebetrieb("xga:gewerbebetriebVorAenderung").alsVorher(),
                    betrieb.subjekte("xga:referenzierteSubjekte"),
                    vorher?.subjekte("xga:referenzierteSubjekteVorAenderung").alsVorher(),
                ]
        case .abmeldung:
            art = "xga:abmeldung"
            inhalt = [
                datumMeldung,
                a.grundAbmeldung.map {
                    Schluesselliste.grundAbmeldung.knoten("xga:grundAbmeldungSchluessel", Schluesselliste.code($0))
                },
                a.ursacheAbmeldung.map {
                    Schluesselliste.ursacheAbmeldung.knoten("xga:ursacheAbmeldungSchluessel", Schluesselliste.code($0))
                },
                XMLKnoten.text("xga:ursacheAbmeldung", a.gruendeBetriebsaufgabe),
                XMLKnoten.gruppe(
                    "xga:kuenftigesGewerbe", [XMLKnoten.text("xga:nameFirmaGewerbetreibender", a.kuenftigerInhaber)],
                    kontexte: [.kuenftigesGewerbe]),
                betrieb.gewerbebetrieb("xga:gewerbebetrieb"), betrieb.subjekte("xga:referenzierteSubjekte"),
            ]
        case .datenaktualisierung:
            art = "xga:datenaktualisierung"
            inhalt = [
                datumMeldung,
                Schluesselliste.grundDatenaktualisierung.knoten(
                    "xga:grundDatenaktualisierungSchluessel", Schluesselliste.berichtigung),
                betrieb.gewerbebetrieb("xga:gewerbebetrieb"),
                vorher?.gewerbebetrieb("xga:gewerbebetriebVorAenderung").alsVorher(),
                betrieb.subjekte("xga:referenzierteSubjekte"),
                vorher?.subjekte("xga:referenzierteSubjekteVorAenderung").alsVorher(),
            ]
        }
        let kontext: Profilkontext =
            switch auftrag.nachricht.nachrichtenart {
            case .anmeldung: .anmeldung
            case .ummeldung: .ummeldung
            case .abmeldung: .abmeldung
            case .datenaktualisierung: .datenaktualisierung
            }
        return XMLKnoten(
            "xga:satz",
            kinder: [
                XMLKnoten("xga:uuid", text: auftrag.satzUUID.uuidString.lowercased()),
                XMLKnoten(art, kinder: inhalt.compactMap { $0 }, kontexte: [.satz, kontext]),
            ])
    }

    static func unfallversicherung(_ u: Unfallversicherung) -> XMLKnoten? {
        XMLKnoten.gruppe(
            "xga:bisherigeUnfallversicherung",
            [
                XMLKnoten.text("xga:traeger", u.traeger),
                u.traegerNichtBekannt.map { XMLKnoten("xga:traegerNichtBekannt", text: String($0)) },
                XMLKnoten.text("xga:mitgliedsnummer", u.mitgliedsnummer),
                u.mitgliedsnummerNichtBekannt.map { XMLKnoten("xga:mitgliedsnummerNichtBekannt", text: String($0)) },
            ])
    }
}
