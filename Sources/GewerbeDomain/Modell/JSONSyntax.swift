/// A strict syntax check of JSON text (RFC 8259) before it is decoded.
///
/// Foundation's parser is lenient where an Anzeige must not be: it accepts a comma before `}` or
/// `]`, and of a key given twice in one object it silently keeps one value. A document that says
/// `"meldeart"` twice means two things; the sender must decide, not the parser. This check
/// rejects both, and also nesting deeper than ``maximaleTiefe`` (no stack exhaustion), and
/// names the position (and for a duplicate key its field path).
enum JSONSyntax {
    /// No Anzeige is nested deeper than a handful of levels.
    static let maximaleTiefe = 64

    struct Fehler: Error, Equatable {
        /// Byte offset of the problem.
        var offset: Int
        var meldung: String
        /// For a duplicate key: the path of the field, as in every other finding.
        var pfad: String = ""
    }

    /// Returns the first syntax problem, or `nil` if `bytes` is one valid JSON value.
    static func pruefe(_ bytes: some Collection<UInt8>) -> Fehler? {
        var leser = Leser(bytes: Array(bytes))
        // A UTF-8 byte order mark (Windows editors write one) is ignored, as RFC 8259 allows.
        if leser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { leser.index = 3 }
        do throws(Fehler) {
            leser.leerraum()
            try leser.wert(tiefe: 0, pfad: "")
            leser.leerraum()
            if leser.index < leser.bytes.count {
                throw Fehler(offset: leser.index, meldung: "nach dem Ende des Dokuments folgt noch Text")
            }
            return nil
        } catch {
            return error
        }
    }

    private struct Leser {
        let bytes: [UInt8]
        var index = 0

        var aktuell: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func leerraum() {
            while let b = aktuell, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 }
        }

        func fehler(_ meldung: String) -> Fehler {
            Fehler(offset: index, meldung: aktuell == nil ? "das Dokument endet mitten in einem Wert" : meldung)
        }

        mutating func erwarte(_ zeichen: UInt8, _ meldung: String) throws(Fehler) {
            guard aktuell == zeichen else { throw fehler(meldung) }
            index += 1
        }

        mutating func wert(tiefe: Int, pfad: String) throws(Fehler) {
            guard let b = aktuell else { throw fehler("") }
            switch b {
            case UInt8(ascii: "{"):
                try objekt(tiefe: tiefe + 1, pfad: pfad)
            case UInt8(ascii: "["):
                try liste(tiefe: tiefe + 1, pfad: pfad)
            case UInt8(ascii: "\""):
                _ = try text(sammeln: false)
            case UInt8(ascii: "t"):
                try wort("true")
            case UInt8(ascii: "f"):
                try wort("false")
            case UInt8(ascii: "n"):
                try wort("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try zahl()
            default:
                throw fehler("unerwartetes Zeichen „\(Unicode.Scalar(b))“, erwartet wird ein Wert")
            }
        }

        mutating func objekt(tiefe: Int, pfad: String) throws(Fehler) {
            guard tiefe <= JSONSyntax.maximaleTiefe else {
                throw fehler("zu tief verschachtelt (mehr als \(JSONSyntax.maximaleTiefe) Ebenen)")
            }
            index += 1
            leerraum()
            if aktuell == UInt8(ascii: "}") {
                index += 1
                return
            }
            var schluessel = Set<String>()
            while true {
                let start = index
                guard aktuell == UInt8(ascii: "\"") else {
                    throw fehler("erwartet wird ein Feldname in Anführungszeichen")
                }
                let name = try text(sammeln: true)
                let feldpfad = pfad.isEmpty ? name : pfad + "." + name
                guard schluessel.insert(name).inserted else {
                    throw Fehler(
                        offset: start, meldung: "das Feld „\(name)“ steht zweimal im selben Objekt", pfad: feldpfad)
                }
                leerraum()
                try erwarte(UInt8(ascii: ":"), "erwartet wird „:“ nach dem Feldnamen")
                leerraum()
                try wert(tiefe: tiefe, pfad: feldpfad)
                leerraum()
                if aktuell == UInt8(ascii: "}") {
                    index += 1
                    return
                }
                try erwarte(UInt8(ascii: ","), "erwartet wird „,“ oder „}“")
                leerraum()
                if aktuell == UInt8(ascii: "}") {
                    throw fehler("Komma vor „}“: nach dem letzten Feld steht kein Komma")
                }
            }
        }

        mutating func liste(tiefe: Int, pfad: String) throws(Fehler) {
            guard tiefe <= JSONSyntax.maximaleTiefe else {
                throw fehler("zu tief verschachtelt (mehr als \(JSONSyntax.maximaleTiefe) Ebenen)")
            }
            index += 1
            leerraum()
            if aktuell == UInt8(ascii: "]") {
                index += 1
                return
            }
            var position = 0
            while true {
                try wert(tiefe: tiefe, pfad: "\(pfad)[\(position)]")
                position += 1
                leerraum()
                if aktuell == UInt8(ascii: "]") {
                    index += 1
                    return
                }
                try erwarte(UInt8(ascii: ","), "erwartet wird „,“ oder „]“")
                leerraum()
                if aktuell == UInt8(ascii: "]") {
                    throw fehler("Komma vor „]“: nach dem letzten Eintrag steht kein Komma")
                }
            }
        }

        /// Reads a string; with `sammeln` returns its decoded value (for keys).
        mutating func text(sammeln: Bool) throws(Fehler) -> String {
            index += 1
            var skalare = String.UnicodeScalarView()
            var rohStart = index
            func roh(_ bis: Int) {
                if sammeln, rohStart < bis {
                    skalare.append(contentsOf: String(decoding: bytes[rohStart..<bis], as: UTF8.self).unicodeScalars)
                }
            }
            while let b = aktuell {
                switch b {
                case UInt8(ascii: "\""):
                    roh(index)
                    index += 1
                    return String(skalare)
                case UInt8(ascii: "\\"):
                    roh(index)
                    index += 1
                    guard let e = aktuell else { throw fehler("") }
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                        skalare.append(Unicode.Scalar(e))
                        index += 1
                    case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        let ersatz: [UInt8: Unicode.Scalar] = [
                            UInt8(ascii: "b"): "\u{8}", UInt8(ascii: "f"): "\u{C}", UInt8(ascii: "n"): "\n",
                            UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
                        ]
                        if sammeln, let s = ersatz[e] { skalare.append(s) }
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        var wert = try hex4()
                        if (0xD800...0xDBFF).contains(wert), aktuell == UInt8(ascii: "\\"),
                            index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
                        {
                            index += 2
                            let tief = try hex4()
                            if (0xDC00...0xDFFF).contains(tief) {
                                wert = 0x10000 + ((wert - 0xD800) << 10) + (tief - 0xDC00)
                            }
                        }
                        if sammeln { skalare.append(Unicode.Scalar(wert) ?? "\u{FFFD}") }
                    default:
                        throw fehler("ungültige Escape-Sequenz „\\\(Unicode.Scalar(e))“ in einem Text")
                    }
                    rohStart = index
                case 0x00..<0x20:
                    throw fehler("Steuerzeichen (Byte \(b)) in einem Text: Zeilenumbrüche sind als \\n zu schreiben")
                default:
                    index += 1
                }
            }
            throw fehler("")
        }

        mutating func hex4() throws(Fehler) -> UInt32 {
            var wert: UInt32 = 0
            for _ in 0..<4 {
                guard let b = aktuell, let ziffer = Self.hexwert(b) else {
                    throw fehler("nach „\\u“ werden vier Hexadezimalziffern erwartet")
                }
                wert = wert << 4 | ziffer
                index += 1
            }
            return wert
        }

        static func hexwert(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        mutating func wort(_ wort: StaticString) throws(Fehler) {
            let start = index
            for erwartet in UnsafeBufferPointer(start: wort.utf8Start, count: wort.utf8CodeUnitCount) {
                guard aktuell == erwartet else {
                    index = start
                    throw fehler(
                        "unerwartetes Wort, erwartet wird ein Wert (true, false, null, Zahl, Text, Objekt, Liste)")
                }
                index += 1
            }
        }

        mutating func ziffern() -> Int {
            let start = index
            while let b = aktuell, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { index += 1 }
            return index - start
        }

        mutating func zahl() throws(Fehler) {
            if aktuell == UInt8(ascii: "-") { index += 1 }
            if aktuell == UInt8(ascii: "0") {
                index += 1
            } else if ziffern() == 0 {
                throw fehler("ungültige Zahl")
            }
            if aktuell == UInt8(ascii: ".") {
                index += 1
                guard ziffern() > 0 else { throw fehler("ungültige Zahl: nach dem Punkt fehlen Ziffern") }
            }
            if aktuell == UInt8(ascii: "e") || aktuell == UInt8(ascii: "E") {
                index += 1
                if aktuell == UInt8(ascii: "+") || aktuell == UInt8(ascii: "-") { index += 1 }
                guard ziffern() > 0 else { throw fehler("ungültige Zahl: im Exponenten fehlen Ziffern") }
            }
        }
    }
}
