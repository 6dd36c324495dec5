import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeExport

/// Output formats of the reports.
enum Berichtsformat: String, CaseIterable, ExpressibleByArgument {
    /// Aligned tables for people at a terminal.
    case text
    /// RFC 4180 CSV (comma, UTF-8 without BOM, CRLF) of one table, for machines.
    case csv
    /// One JSON document with every table, for machines.
    case json
}

/// One value of a report cell.
enum Berichtswert: Sendable, Hashable {
    case text(String)
    case zahl(Int)
    case dezimal(Double)
    case liste([String])
    case leer

    static func optional(_ text: String?) -> Berichtswert { text.map(Berichtswert.text) ?? .leer }
    static func optional(_ zahl: Int?) -> Berichtswert { zahl.map(Berichtswert.zahl) ?? .leer }
    static func optional(_ zahl: Double?) -> Berichtswert { zahl.map(Berichtswert.dezimal) ?? .leer }
    static func datum(_ datum: Datum?) -> Berichtswert { datum.map { .text($0.iso) } ?? .leer }
    static func zeit(_ zeit: Date?) -> Berichtswert { zeit.map { .text(Zeitformat.iso($0)) } ?? .leer }

    var istZahl: Bool {
        switch self {
        case .zahl, .dezimal: true
        case .text, .liste, .leer: false
        }
    }

    /// The value for machines (CSV): decimal point, ISO dates.
    var maschinentext: String {
        switch self {
        case .text(let text): text
        case .zahl(let zahl): String(zahl)
        case .dezimal(let zahl): Self.dezimal(zahl)
        case .liste(let texte): texte.joined(separator: "; ")
        case .leer: ""
        }
    }

    /// The value for people (text table): decimal comma, line breaks as `⏎`.
    var menschentext: String {
        switch self {
        case .text(let text): text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
        case .zahl(let zahl): String(zahl)
        case .dezimal(let zahl): Self.dezimal(zahl).replacingOccurrences(of: ".", with: ",")
        case .liste(let texte): texte.isEmpty ? "-" : texte.joined(separator: "; ")
        case .leer: "-"
        }
    }

    /// Up to two decimals, without trailing zeros: 2, 2.5, 2.33.
    static func dezimal(_ zahl: Double) -> String {
        var text = String(format: "%.2f", zahl)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// A table of a report: named columns and rows of values.
struct Berichtstabelle: Sendable {
    /// The table's name (`--tabelle`, JSON key), ASCII.
    var name: String
    /// A heading for the text form.
    var titel: String
    var spalten: [String]
    var zeilen: [[Berichtswert]]
}

/// A finished report: what it covers and its tables.
struct Bericht: Sendable {
    var name: String
    var titel: String
    /// Facts about the run (period, municipalities, reference day), in order.
    var angaben: [(String, String)]
    /// The same facts for the JSON form (values already JSON text).
    var angabenJSON: [(String, String)]
    var tabellen: [Berichtstabelle]
    /// Lines under the text form (totals, hints).
    var fusszeilen: [String] = []

    /// The report in `format`; for CSV the table `tabelle` (default: the first).
    func ausgabe(_ format: Berichtsformat, tabelle: String?) throws -> String {
        switch format {
        case .text: return text()
        case .json: return json()
        case .csv:
            let gewaehlt = tabelle ?? tabellen[0].name
            guard let tabelle = tabellen.first(where: { $0.name == gewaehlt }) else {
                throw ValidationError(
                    "--tabelle: '\(gewaehlt)' gibt es im Bericht \(name) nicht (\(tabellen.map(\.name).joined(separator: ", ")))."
                )
            }
            return csv(tabelle)
        }
    }

    func text() -> String {
        var teile = [titel, String(repeating: "=", count: titel.count)]
        teile += angaben.map { "\($0.0): \($0.1)" }
        for tabelle in tabellen {
            teile.append("")
            teile.append("\(tabelle.titel) (\(tabelle.zeilen.count))")
            if tabelle.zeilen.isEmpty {
                teile.append("  keine")
                continue
            }
            teile.append(Self.ausgerichtet(tabelle))
        }
        if !fusszeilen.isEmpty {
            teile.append("")
            teile += fusszeilen
        }
        return teile.joined(separator: "\n") + "\n"
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    static func ausgerichtet(_ tabelle: Berichtstabelle) -> String {
        let zellen = tabelle.zeilen.map { $0.map(\.menschentext) }
        var breiten = tabelle.spalten.map(\.count)
        for zeile in zellen {
            for (index, zelle) in zeile.enumerated() { breiten[index] = max(breiten[index], zelle.count) }
        }
        let rechts = tabelle.spalten.indices.map { index in
            tabelle.zeilen.contains { $0[index].istZahl }
                && tabelle.zeilen.allSatisfy { $0[index].istZahl || $0[index] == .leer }
        }
        func zeile(_ felder: [String]) -> String {
            felder.enumerated().map { index, feld in
                let luecke = String(repeating: " ", count: breiten[index] - feld.count)
                return rechts[index] ? luecke + feld : (index == felder.count - 1 ? feld : feld + luecke)
            }.joined(separator: "  ")
        }
        var zeilen = [
            zeile(tabelle.spalten), breiten.map { String(repeating: "-", count: $0) }.joined(separator: "  "),
        ]
        zeilen += zellen.map(zeile)
        return zeilen.map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }

    func csv(_ tabelle: Berichtstabelle) -> String {
        let schreiber = CSVSchreiber(format: CSVFormat(trennzeichen: .komma, bom: false))
        var bytes: [UInt8] = []
        schreiber.anhaengen(zeile: tabelle.spalten, an: &bytes)
        for zeile in tabelle.zeilen { schreiber.anhaengen(zeile: zeile.map(\.maschinentext), an: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func json() -> String {
        var text = "{\n  \"bericht\": \(JSONText.string(name)),\n"
        for (name, wert) in angabenJSON { text += "  \(JSONText.string(name)): \(wert),\n" }
        text += "  \"tabellen\": {"
        for (nummer, tabelle) in tabellen.enumerated() {
            text += nummer == 0 ? "\n" : ",\n"
            text += "    \(JSONText.string(tabelle.name)): ["
            for (index, zeile) in tabelle.zeilen.enumerated() {
                text += index == 0 ? "\n" : ",\n"
                let felder = zip(tabelle.spalten, zeile).map { "\(JSONText.string($0)): \(JSONText.wert($1))" }
                text += "      {" + felder.joined(separator: ", ") + "}"
            }
            text += tabelle.zeilen.isEmpty ? "]" : "\n    ]"
        }
        text += "\n  }\n}\n"
        return text
    }
}

/// Minimal JSON text for the reports (strings escaped as RFC 8259 requires).
enum JSONText {
    static func string(_ text: String) -> String {
        var ergebnis = "\""
        for skalar in text.unicodeScalars {
            switch skalar {
            case "\"": ergebnis += "\\\""
            case "\\": ergebnis += "\\\\"
            case "\n": ergebnis += "\\n"
            case "\r": ergebnis += "\\r"
            case "\t": ergebnis += "\\t"
            case _ where skalar.value < 0x20: ergebnis += String(format: "\\u%04x", skalar.value)
            default: ergebnis.unicodeScalars.append(skalar)
            }
        }
        return ergebnis + "\""
    }

    static func wert(_ wert: Berichtswert) -> String {
        switch wert {
        case .text(let text): string(text)
        case .zahl(let zahl): String(zahl)
        case .dezimal(let zahl): Berichtswert.dezimal(zahl)
        case .liste(let texte): liste(texte)
        case .leer: "null"
        }
    }

    static func liste(_ texte: [String]) -> String { "[" + texte.map(string).joined(separator: ", ") + "]" }
}

/// Times in reports: Europe/Berlin, ISO 8601 with offset.
enum Zeitformat {
    static func iso(_ zeit: Date) -> String {
        let format = ISO8601DateFormatter()
        format.timeZone = Statistikauswahl.berlin
        format.formatOptions = [.withInternetDateTime]
        return format.string(from: zeit)
    }
}
