import Foundation

/// Keyword search over activity texts and firm names, on UTF-8 bytes.
///
/// The rules look for dozens of keywords in every Taetigkeit; Foundation's `String.contains` goes
/// through NSString and dominated the validation time (docs/performance.md). Texts are folded
/// once (canonical composition, lower case) and searched as bytes.
struct Suchtext: Sendable {
    let bytes: [UInt8]

    /// Folds `text`: NFC (so that a decomposed "a" + combining diaeresis matches "ä") and lower case.
    init(_ text: String) {
        bytes = Array(text.precomposedStringWithCanonicalMapping.lowercased().utf8)
    }

    /// Whether the folded text contains `stichwort` (already folded, see ``Stichwoerter``).
    func enthaelt(_ stichwort: [UInt8]) -> Bool {
        Self.position(von: stichwort, in: bytes, ab: 0) != nil
    }

    func enthaeltEines(_ stichwoerter: [[UInt8]]) -> Bool {
        stichwoerter.contains { enthaelt($0) }
    }

    /// The first position of `nadel` in `heuhaufen` at or after `start`.
    static func position(von nadel: [UInt8], in heuhaufen: [UInt8], ab start: Int) -> Int? {
        guard let erstes = nadel.first, nadel.count <= heuhaufen.count - start else { return nil }
        let letzteMoegliche = heuhaufen.count - nadel.count
        var index = start
        while index <= letzteMoegliche {
            if heuhaufen[index] == erstes {
                var gleich = true
                var offset = 1
                while offset < nadel.count {
                    if heuhaufen[index + offset] != nadel[offset] {
                        gleich = false
                        break
                    }
                    offset += 1
                }
                if gleich { return index }
            }
            index += 1
        }
        return nil
    }
}

/// Keyword lists folded once.
enum Stichwoerter {
    static func falte(_ liste: [String]) -> [[UInt8]] { liste.map { Suchtext($0).bytes } }
}

extension Firmenname {
    /// Whether `name` contains `zusatz` as a separate word group; short abbreviations (up to 4
    /// characters, like "AG", "KG", "eG") must match case, longer ones match in any case.
    static func enthaeltZusatzBytes(_ name: String, _ zusatz: String) -> Bool {
        let grossKlein = zusatz.count > 4
        let heuhaufen = grossKlein ? Suchtext(name).bytes : Array(name.precomposedStringWithCanonicalMapping.utf8)
        let nadel = grossKlein ? Suchtext(zusatz).bytes : Array(zusatz.precomposedStringWithCanonicalMapping.utf8)
        var start = 0
        while let treffer = Suchtext.position(von: nadel, in: heuhaufen, ab: start) {
            let ende = treffer + nadel.count
            let grenzeDavor = treffer == 0 || !istWortzeichen(heuhaufen[treffer - 1])
            let grenzeDanach = ende == heuhaufen.count || !istWortzeichen(heuhaufen[ende])
            if grenzeDavor && grenzeDanach { return true }
            start = treffer + 1
        }
        return false
    }

    /// ASCII letters and digits, and every byte of a multi-byte UTF-8 character (umlauts).
    private static func istWortzeichen(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte >= 0x80
    }
}
