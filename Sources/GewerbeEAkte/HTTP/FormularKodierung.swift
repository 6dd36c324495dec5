import Foundation

/// HTML form bodies for the CMIS browser binding (CMIS 1.1, section 5.4.4): fields in order, and
/// optionally one file part named `content`.
struct Formular: Sendable {
    struct Datei: Sendable {
        var name: String
        var mimeType: String
        var inhalt: Data
    }

    private(set) var felder: [(String, String)] = []
    var datei: Datei?

    mutating func add(_ name: String, _ value: String) {
        felder.append((name, value))
    }

    /// Adds CMIS properties as `propertyId[i]`/`propertyValue[i]` (or `propertyValue[i][j]` for
    /// multi-valued ones), continuing the numbering of properties already added.
    mutating func addProperties(_ properties: [(id: String, werte: [String], mehrwertig: Bool)]) {
        var index = felder.filter { $0.0.hasPrefix("propertyId[") }.count
        for property in properties {
            add("propertyId[\(index)]", property.id)
            if property.mehrwertig {
                for (inner, wert) in property.werte.enumerated() { add("propertyValue[\(index)][\(inner)]", wert) }
            } else {
                add("propertyValue[\(index)]", property.werte.first ?? "")
            }
            index += 1
        }
    }

    /// `application/x-www-form-urlencoded` (only without a file).
    func urlEncoded() -> (contentType: String, body: Data) {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let text = felder.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name) + "="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
        return ("application/x-www-form-urlencoded", Data(text.utf8))
    }

    /// `multipart/form-data` (RFC 7578). The boundary is chosen so that it does not occur in the
    /// content.
    func multipart() -> (contentType: String, body: Data) {
        var boundary = "gewerbe-" + UUID().uuidString
        while let datei, datei.inhalt.range(of: Data(boundary.utf8)) != nil {
            boundary = "gewerbe-" + UUID().uuidString + UUID().uuidString
        }
        var body = Data()
        func line(_ text: String) { body.append(contentsOf: Array((text + "\r\n").utf8)) }
        for (name, value) in felder {
            line("--\(boundary)")
            line("Content-Disposition: form-data; name=\"\(Formular.quoted(name))\"")
            line("Content-Type: text/plain; charset=utf-8")
            line("")
            line(value)
        }
        if let datei {
            line("--\(boundary)")
            line(
                "Content-Disposition: form-data; name=\"content\"; filename=\"\(Formular.quoted(datei.name))\"")
            line("Content-Type: \(datei.mimeType)")
            line("")
            body.append(datei.inhalt)
            line("")
        }
        line("--\(boundary)--")
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// The body in the form the content needs: multipart with a file, URL-encoded without.
    func encoded() -> (contentType: String, body: Data) {
        datei == nil ? urlEncoded() : multipart()
    }

    /// Escapes a value for a quoted header parameter (RFC 7578, section 4.2: `"` and CR/LF are
    /// percent-encoded; the names we send are ASCII file names anyway).
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
