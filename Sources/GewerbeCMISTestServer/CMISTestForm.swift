import Foundation

/// The decoded body of a browser-binding POST: HTML form fields and, for documents, the content
/// part (CMIS 1.1, section 5.4.4: `application/x-www-form-urlencoded` or `multipart/form-data`).
struct CMISTestForm: Sendable {
    struct Content: Sendable {
        var data: Data
        var fileName: String?
        var mimeType: String?
    }

    var fields: [String: String] = [:]
    var content: Content?

    subscript(_ name: String) -> String? { fields[name] }

    enum ParseError: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self {
            case .malformed(let message): message
            }
        }
    }

    /// Decodes a body by its content type; an empty or missing body gives an empty form.
    static func parse(body: Data, contentType: String?) throws -> CMISTestForm {
        guard let contentType, !body.isEmpty else { return CMISTestForm() }
        let lower = contentType.lowercased()
        if lower.hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", in: contentType) else {
                throw ParseError.malformed("multipart/form-data ohne boundary")
            }
            return try parseMultipart(body: body, boundary: boundary)
        }
        if lower.hasPrefix("application/x-www-form-urlencoded") {
            return CMISTestForm(fields: parseURLEncoded(String(decoding: body, as: UTF8.self)))
        }
        throw ParseError.malformed("Content-Type \(contentType) wird nicht unterstützt")
    }

    /// Decodes `a=b&c=d` with `+` as space and percent escapes (UTF-8).
    static func parseURLEncoded(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(String(parts[0]))
            let value = parts.count > 1 ? decodeComponent(String(parts[1])) : ""
            fields[name] = value
        }
        return fields
    }

    private static func decodeComponent(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// A parameter of a header value, e.g. `boundary` of a content type or `name` of a
    /// content disposition; quotes are removed.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2,
                pieces[0].trimmingCharacters(in: .whitespaces).lowercased() == name.lowercased()
            else { continue }
            var value = pieces[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    /// Parses `multipart/form-data` (RFC 7578). The part named `content` (the only one with a
    /// file name in CMIS) becomes the content stream; all other parts are text fields.
    static func parseMultipart(body: Data, boundary: String) throws -> CMISTestForm {
        let bytes = [UInt8](body)
        let delimiter = [UInt8]("--\(boundary)".utf8)
        var form = CMISTestForm()
        var positions: [Int] = []
        var searchFrom = 0
        while let found = find(delimiter, in: bytes, from: searchFrom) {
            positions.append(found)
            searchFrom = found + delimiter.count
        }
        guard positions.count >= 2 else { throw ParseError.malformed("multipart ohne Teile") }
        // The body must end with the closing delimiter "--boundary--".
        let last = positions[positions.count - 1] + delimiter.count
        guard last + 2 <= bytes.count, bytes[last] == 0x2D, bytes[last + 1] == 0x2D else {
            throw ParseError.malformed("multipart ohne abschließende Grenze (unvollständiger Body)")
        }
        for index in 0..<(positions.count - 1) {
            var start = positions[index] + delimiter.count
            // Skip the CRLF after the delimiter.
            if start + 1 < bytes.count, bytes[start] == 0x0D, bytes[start + 1] == 0x0A { start += 2 }
            var end = positions[index + 1]
            // The CRLF before the next delimiter belongs to the delimiter.
            if end >= 2, bytes[end - 2] == 0x0D, bytes[end - 1] == 0x0A { end -= 2 }
            guard start <= end else { throw ParseError.malformed("multipart-Teil leer") }
            let part = Array(bytes[start..<end])
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: part, from: 0) else {
                throw ParseError.malformed("multipart-Teil ohne Kopf")
            }
            let headerText = String(decoding: part[0..<headerEnd], as: UTF8.self)
            let payload = Data(part[(headerEnd + 4)...])
            var disposition: String?
            var partType: String?
            for line in headerText.components(separatedBy: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name == "content-disposition" { disposition = value }
                if name == "content-type" { partType = value }
            }
            guard let disposition, let fieldName = parameter("name", in: disposition) else {
                throw ParseError.malformed("multipart-Teil ohne Content-Disposition name")
            }
            if fieldName == "content" {
                form.content = Content(
                    data: payload, fileName: parameter("filename", in: disposition),
                    mimeType: partType?.split(separator: ";").first.map {
                        $0.trimmingCharacters(in: .whitespaces)
                    })
            } else {
                form.fields[fieldName] = String(decoding: payload, as: UTF8.self)
            }
        }
        return form
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var index = start
        let limit = haystack.count - needle.count
        while index <= limit {
            if haystack[index] == first {
                var matches = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    // MARK: - CMIS property lists

    /// The properties of a browser-binding form: `propertyId[i]` with `propertyValue[i]` (single
    /// value) or `propertyValue[i][j]` (multi-valued), CMIS 1.1 section 5.4.4.3.10.
    func properties() throws -> [(id: String, values: [String], multi: Bool)] {
        var result: [(id: String, values: [String], multi: Bool)] = []
        var index = 0
        while let id = fields["propertyId[\(index)]"] {
            if let single = fields["propertyValue[\(index)]"] {
                result.append((id, [single], false))
            } else {
                var values: [String] = []
                var inner = 0
                while let value = fields["propertyValue[\(index)][\(inner)]"] {
                    values.append(value)
                    inner += 1
                }
                result.append((id, values, true))
            }
            index += 1
        }
        return result
    }

    /// Indexed list fields such as `addSecondaryTypeId[0]`, `addSecondaryTypeId[1]`.
    func indexedValues(_ name: String) -> [String] {
        var values: [String] = []
        var index = 0
        while let value = fields["\(name)[\(index)]"] {
            values.append(value)
            index += 1
        }
        return values
    }
}
