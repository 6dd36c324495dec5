import Foundation

/// The JSON form of everything the product writes, in one place: keys sorted, slashes not
/// escaped, dates as ISO 8601, UUIDs in lower case. The stored Anzeige, the audit details, the
/// filed JSON record, the HTTP answers and the CLI's `--format json` all come from here.
public enum JSONForm {
    /// The JSON bytes of `wert`; `lesbar` indents them for people (CLI output, filed records).
    public static func daten(_ wert: some Encodable, lesbar: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if lesbar { encoder.outputFormatting.insert(.prettyPrinted) }
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(wert)
    }

    /// The JSON text of `wert`.
    public static func text(_ wert: some Encodable, lesbar: Bool = false) throws -> String {
        String(decoding: try daten(wert, lesbar: lesbar), as: UTF8.self)
    }
}

extension UUID {
    /// The UUID as text in lower case, the form RFC 9562 (section 4) asks for in output;
    /// Foundation's `uuidString` is upper case.
    public var lowercased: String { uuidString.lowercased() }
}

// UUIDs in lower case in the first place: `JSONEncoder` has no strategy for UUIDs and Foundation's
// `UUID` encodes itself in upper case. The synthesized `Encodable` conformances of every module
// that imports GewerbeDomain choose these more specific overloads for `UUID` and `UUID?`
// properties at compile time, so no encoder wrapper walks the values at run time. A `[UUID]`
// property would still go through Foundation's conformance; the JSON form test checks that no
// type the product encodes has one.
extension KeyedEncodingContainer {
    /// A `UUID` property, as its lower-case text.
    public mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.lowercased, forKey: key)
    }

    /// An optional `UUID` property, as its lower-case text, left out when nil.
    public mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        if let value { try encode(value.lowercased, forKey: key) }
    }
}
