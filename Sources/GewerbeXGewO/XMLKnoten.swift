import GewerbeDomain

/// One element of a message being written: qualified name, attributes, text or children, and the
/// profile contexts it stands for (``Profilkontext``), so that the profile filter can find it.
///
/// Written by hand rather than with Foundation's `XMLDocument` (not on every platform, and its
/// output order and escaping are not fixed): messages are compared byte for byte with golden files.
public struct XMLKnoten: Sendable, Hashable {
    /// The qualified name, e.g. `xga:gewerbebetrieb`.
    public var name: String
    public var attribute: [(String, String)]
    public var text: String?
    public var kinder: [XMLKnoten]
    /// The contexts of the Schematron list this element is (empty for most).
    public var kontexte: Set<Profilkontext>
    /// Whether the element belongs to the state before the change (`gewerbebetriebVorAenderung`,
    /// `referenzierteSubjekteVorAenderung`).
    public var vorher: Bool

    public init(
        _ name: String, attribute: [(String, String)] = [], text: String? = nil, kinder: [XMLKnoten] = [],
        kontexte: Set<Profilkontext> = []
    ) {
        self.name = name
        self.attribute = attribute
        self.text = text
        self.kinder = kinder
        self.kontexte = kontexte
        self.vorher = false
    }

    /// A text element, or `nil` when there is no text (so that optional fields fall away).
    public static func text(_ name: String, _ wert: String?) -> XMLKnoten? {
        guard let wert = wert?.nichtLeer else { return nil }
        return XMLKnoten(name, text: wert)
    }

    /// An element with children, or `nil` when none is left.
    public static func gruppe(_ name: String, _ kinder: [XMLKnoten?], kontexte: Set<Profilkontext> = []) -> XMLKnoten? {
        let vorhanden = kinder.compactMap { $0 }
        guard !vorhanden.isEmpty else { return nil }
        return XMLKnoten(name, kinder: vorhanden, kontexte: kontexte)
    }

    /// The local name, e.g. `gewerbebetrieb`.
    public var lokalerName: String { String(name.split(separator: ":").last ?? Substring(name)) }

    /// This element and all below it marked as the state before the change.
    func alsVorher() -> XMLKnoten {
        var kopie = self
        kopie.vorher = true
        kopie.kinder = kinder.map { $0.alsVorher() }
        return kopie
    }

    /// Every element below this one (depth first, this one included).
    public var alle: [XMLKnoten] { [self] + kinder.flatMap(\.alle) }

    /// The document: XML declaration, this element with the namespace declarations, two-space
    /// indentation, LF line ends.
    public func dokument(namensraeume: [(String, String)]) -> String {
        var ausgabe = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        var wurzel = self
        wurzel.attribute = namensraeume.map { ("xmlns:\($0.0)", $0.1) } + attribute
        wurzel.schreibe(in: &ausgabe, tiefe: 0)
        return ausgabe
    }

    private func schreibe(in ausgabe: inout String, tiefe: Int) {
        let einzug = String(repeating: "  ", count: tiefe)
        ausgabe += einzug + "<" + name
        for (schluessel, wert) in attribute { ausgabe += " \(schluessel)=\"\(Self.maskiert(wert, attribut: true))\"" }
        if let text {
            ausgabe += ">" + Self.maskiert(text, attribut: false) + "</" + name + ">\n"
        } else if kinder.isEmpty {
            ausgabe += "/>\n"
        } else {
            ausgabe += ">\n"
            for kind in kinder { kind.schreibe(in: &ausgabe, tiefe: tiefe + 1) }
            ausgabe += einzug + "</" + name + ">\n"
        }
    }

    /// Text escaped for XML. Characters XML 1.0 cannot carry (controls other than tab and line
    /// breaks) are dropped here; the schema check refuses what DIN SPEC 91379 does not allow.
    static func maskiert(_ text: String, attribut: Bool) -> String {
        var ergebnis = ""
        ergebnis.reserveCapacity(text.utf8.count)
        for skalar in text.unicodeScalars {
            switch skalar {
            case "&": ergebnis += "&amp;"
            case "<": ergebnis += "&lt;"
            case ">": ergebnis += "&gt;"
            case "\"" where attribut: ergebnis += "&quot;"
            case "\t", "\n", "\r": ergebnis += attribut ? "&#\(skalar.value);" : String(skalar)
            default:
                if skalar.value < 0x20 || (0xFFFE...0xFFFF).contains(skalar.value) { continue }
                ergebnis.unicodeScalars.append(skalar)
            }
        }
        return ergebnis
    }

    public static func == (a: XMLKnoten, b: XMLKnoten) -> Bool {
        a.name == b.name && a.attribute.elementsEqual(b.attribute, by: ==) && a.text == b.text && a.kinder == b.kinder
            && a.kontexte == b.kontexte && a.vorher == b.vorher
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(text)
        hasher.combine(kinder)
    }
}
