import Foundation
import GewerbeDomain

/// Keyset cursors of the lists: opaque to clients, the sort key of the last row of a page.
///
/// Format (the same as the in-memory twin's): base64url without padding of `<art>1`, then the key
/// parts, joined by U+001F. `art` is `f` for the case list, `b` for the register search.
enum Cursor {
    static func schreibe(_ schluessel: [String], art: String) -> String {
        let text = ([art + "1"] + schluessel).joined(separator: "\u{1F}")
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key parts of a cursor of kind `art` with `teile` parts; ``FallFehler/unzulaessig(_:)``
    /// if it is not one.
    static func lies(_ cursor: String, art: String, teile: Int) throws(FallFehler) -> [String] {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let daten = Data(base64Encoded: base64), let text = String(data: daten, encoding: .utf8) else {
            throw .unzulaessig("Der Cursor ist ungültig.")
        }
        let gelesen = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard gelesen.count == teile + 1, gelesen[0] == art + "1" else {
            throw .unzulaessig("Der Cursor ist ungültig.")
        }
        return Array(gelesen.dropFirst())
    }
}
