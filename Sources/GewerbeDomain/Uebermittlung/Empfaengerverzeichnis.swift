import Foundation

/// Where a recipient is reached: its DVDV address (prefix and key) and name.
public struct Empfaengeradresse: Sendable, Hashable, Codable {
    public var name: String
    /// DVDV prefix, e.g. `hwk`, `azr`, `MELDID` (code list `dvdv.praefix_51`).
    public var praefix: String
    /// DVDV key within the prefix; `nil` while the operator has not entered it (messages park
    /// with "Adresse fehlt" until then).
    public var kennung: String?
    /// Whether the entry is taken from a public source (`false`: assumed, to be confirmed).
    public var belegt: Bool
    /// Where the entry comes from.
    public var quelle: String

    public init(name: String, praefix: String, kennung: String?, belegt: Bool, quelle: String) {
        self.name = name
        self.praefix = praefix
        self.kennung = kennung
        self.belegt = belegt
        self.quelle = quelle
    }

    /// `praefix:kennung`, the form gateways file messages under.
    public var dvdv: String? { kennung.map { "\(praefix):\($0)" } }
}

/// A fault in the recipient directory, with the file line it is on.
public struct Verzeichnisfehler: Error, Sendable, Hashable, CustomStringConvertible {
    public var datei: String
    public var zeile: Int
    public var meldung: String
    public init(datei: String, zeile: Int, meldung: String) {
        self.datei = datei
        self.zeile = zeile
        self.meldung = meldung
    }
    public var description: String { "\(datei), Zeile \(zeile): \(meldung)" }
}

/// The recipient directory (`config/empfaenger.csv`, `config/uebermittlung.csv`): for each
/// municipality the competent body of each kind and the Land's choices. A row for `*` holds for
/// every municipality without a row of its own.
///
/// `empfaenger.csv`: `ags,empfaenger,name,praefix,kennung,verzicht,belegt,quelle`;
/// `uebermittlung.csv`: `ags,verteilplattform,zoll` (docs/uebermittlung.md, "Konfiguration").
public struct Empfaengerverzeichnis: Sendable, Hashable {
    private var adressen: [Schluessel: Empfaengeradresse]
    private var verzichte: Set<Schluessel>
    private var einstellungenJeGemeinde: [String: Uebermittlungseinstellungen]

    private struct Schluessel: Hashable, Sendable {
        var ags: String
        var art: Empfaengerart
    }

    public static let empfaengerKopf = [
        "ags", "empfaenger", "name", "praefix", "kennung", "verzicht", "belegt", "quelle",
    ]
    public static let einstellungenKopf = ["ags", "verteilplattform", "zoll"]
    public static let alleGemeinden = "*"

    /// An empty directory: no addresses, the law's defaults.
    public init() {
        adressen = [:]
        verzichte = []
        einstellungenJeGemeinde = [:]
    }

    /// Reads both files; every fault is reported at once, with its line.
    public init(
        empfaenger: String, einstellungen: String,
        dateinamen: (String, String) = ("empfaenger.csv", "uebermittlung.csv")
    ) throws(VerzeichnisfehlerListe) {
        self.init()
        var fehler: [Verzeichnisfehler] = []
        func pruefeKopf(_ text: String, _ kopf: [String], _ datei: String) -> Bool {
            let erste = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard erste.split(separator: ",", omittingEmptySubsequences: false).map(String.init) == kopf else {
                fehler.append(
                    Verzeichnisfehler(
                        datei: datei, zeile: 1, meldung: "Kopfzeile muss lauten: \(kopf.joined(separator: ","))"))
                return false
            }
            return true
        }
        func gemeinde(_ text: String, _ datei: String, _ zeile: Int) -> String? {
            let ags = text.trimmingCharacters(in: .whitespaces)
            guard ags == Self.alleGemeinden || AGS.istAchtstellig(ags) else {
                fehler.append(
                    Verzeichnisfehler(
                        datei: datei, zeile: zeile, meldung: "'\(ags)' ist weder ein achtstelliger AGS noch '*'."))
                return nil
            }
            return ags
        }
        func janein(_ text: String, _ spalte: String, _ datei: String, _ zeile: Int) -> Bool? {
            switch text.trimmingCharacters(in: .whitespaces) {
            case "ja": return true
            case "nein", "": return false
            default:
                fehler.append(
                    Verzeichnisfehler(datei: datei, zeile: zeile, meldung: "\(spalte) muss 'ja' oder 'nein' sein."))
                return nil
            }
        }

        if pruefeKopf(empfaenger, Self.empfaengerKopf, dateinamen.0) {
            for (index, felder) in CSVZeilen.lesen(empfaenger).enumerated() {
                let zeile = index + 2
                guard felder.count == Self.empfaengerKopf.count else {
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.0, zeile: zeile,
                            meldung: "\(Self.empfaengerKopf.count) Spalten erwartet, \(felder.count) gefunden."))
                    continue
                }
                let ags = gemeinde(felder[0], dateinamen.0, zeile)
                let art = Empfaengerart(rawValue: felder[1].trimmingCharacters(in: .whitespaces))
                if art == nil || art == .gewerbeamt {
                    let erlaubt = Empfaengerart.allCases.filter { $0 != .gewerbeamt }.map(\.rawValue)
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.0, zeile: zeile,
                            meldung:
                                "Unbekannter Empfänger '\(felder[1])'; erlaubt: \(erlaubt.joined(separator: ", "))."))
                }
                let name = felder[2].trimmingCharacters(in: .whitespaces)
                let praefix = felder[3].trimmingCharacters(in: .whitespaces)
                if name.isEmpty || praefix.isEmpty {
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.0, zeile: zeile, meldung: "Name und DVDV-Präfix sind Pflicht."))
                }
                if !praefix.isEmpty, DVDVPraefixVerzeichnis.bezeichnung(praefix) == nil {
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.0, zeile: zeile,
                            meldung: "DVDV-Präfix '\(praefix)' steht nicht in der Liste dvdv.praefix_51."))
                }
                let verzicht = janein(felder[5], "verzicht", dateinamen.0, zeile)
                let belegt = janein(felder[6], "belegt", dateinamen.0, zeile)
                guard let ags, let art, art != .gewerbeamt, let verzicht, let belegt, !name.isEmpty,
                    DVDVPraefixVerzeichnis.bezeichnung(praefix) != nil
                else { continue }
                let schluessel = Schluessel(ags: ags, art: art)
                guard adressen[schluessel] == nil else {
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.0, zeile: zeile,
                            meldung: "\(art.rawValue) für \(ags) ist doppelt eingetragen."))
                    continue
                }
                adressen[schluessel] = Empfaengeradresse(
                    name: name, praefix: praefix, kennung: felder[4].trimmingCharacters(in: .whitespaces).nichtLeer,
                    belegt: belegt, quelle: felder[7].trimmingCharacters(in: .whitespaces))
                if verzicht { verzichte.insert(schluessel) }
            }
        }
        if pruefeKopf(einstellungen, Self.einstellungenKopf, dateinamen.1) {
            for (index, felder) in CSVZeilen.lesen(einstellungen).enumerated() {
                let zeile = index + 2
                guard felder.count == Self.einstellungenKopf.count else {
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.1, zeile: zeile,
                            meldung: "\(Self.einstellungenKopf.count) Spalten erwartet, \(felder.count) gefunden."))
                    continue
                }
                let ags = gemeinde(felder[0], dateinamen.1, zeile)
                let plattform = janein(felder[1], "verteilplattform", dateinamen.1, zeile)
                let zoll = Uebermittlungseinstellungen.Zollpraxis(
                    rawValue: felder[2].trimmingCharacters(in: .whitespaces))
                if zoll == nil {
                    let erlaubt = Uebermittlungseinstellungen.Zollpraxis.allCases.map(\.rawValue)
                    fehler.append(
                        Verzeichnisfehler(
                            datei: dateinamen.1, zeile: zeile,
                            meldung: "zoll muss eines sein von: \(erlaubt.joined(separator: ", "))."))
                }
                guard let ags, let plattform, let zoll else { continue }
                guard einstellungenJeGemeinde[ags] == nil else {
                    fehler.append(
                        Verzeichnisfehler(datei: dateinamen.1, zeile: zeile, meldung: "\(ags) ist doppelt eingetragen.")
                    )
                    continue
                }
                einstellungenJeGemeinde[ags] = Uebermittlungseinstellungen(verteilplattform: plattform, zoll: zoll)
            }
        }
        for (ags, gewaehlt) in einstellungenJeGemeinde.sorted(by: { $0.key < $1.key })
        where gewaehlt.verteilplattform && adresse(.verteilplattform, ags: ags) == nil {
            fehler.append(
                Verzeichnisfehler(
                    datei: dateinamen.1, zeile: 1,
                    meldung: "\(ags): Verteilplattform eingeschaltet, aber in \(dateinamen.0) nicht eingetragen."))
        }
        guard fehler.isEmpty else { throw VerzeichnisfehlerListe(fehler: fehler) }
    }

    /// The body of kind `art` competent for the municipality `ags`; the Gewerbeamt of a
    /// Rueckmeldung is always `MELDID` + its AGS (code list `dvdv.praefix_51`).
    public func adresse(_ art: Empfaengerart, ags: String) -> Empfaengeradresse? {
        if art == .gewerbeamt {
            return Empfaengeradresse(
                name: "Gewerbeamt \(ags)", praefix: "MELDID", kennung: ags, belegt: true,
                quelle: "DVDV-Präfix MELDID (dvdv.praefix_51), Kennung = AGS")
        }
        return adressen[Schluessel(ags: ags, art: art)] ?? adressen[Schluessel(ags: Self.alleGemeinden, art: art)]
    }

    /// What the Land and the municipality `ags` decided.
    public func einstellungen(ags: String) -> Uebermittlungseinstellungen {
        var einstellungen =
            einstellungenJeGemeinde[ags] ?? einstellungenJeGemeinde[Self.alleGemeinden] ?? Uebermittlungseinstellungen()
        einstellungen.verzicht = Set(
            Empfaengerart.allCases.filter { art in
                let eigene = Schluessel(ags: ags, art: art)
                if adressen[eigene] != nil { return verzichte.contains(eigene) }
                return verzichte.contains(Schluessel(ags: Self.alleGemeinden, art: art))
            })
        return einstellungen
    }
}

/// Every fault of the recipient directory.
public struct VerzeichnisfehlerListe: Error, Sendable, Hashable, CustomStringConvertible {
    public var fehler: [Verzeichnisfehler]
    public var description: String { fehler.map(\.description).joined(separator: "\n") }
}
