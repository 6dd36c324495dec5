import Foundation
import Hummingbird

/// JSON output, the one writer of every JSON answer and problem detail: sorted keys, ISO 8601
/// dates, UTF-8 without escaped slashes, and UUIDs in lower case (RFC 9562 section 4: UUIDs are
/// output in lower case; Foundation's `UUID` encodes itself in upper case).
enum JSONAusgabe {
    static let json = "application/json; charset=utf-8"
    static let problemTyp = "application/problem+json; charset=utf-8"

    /// The JSON bytes of `wert`.
    static func daten<T: Encodable>(_ wert: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(kleineUUIDs(wert))
    }

    /// A JSON response of `wert`.
    static func antwort<T: Encodable>(
        _ wert: T, status: HTTPResponse.Status = .ok, kopfzeilen: HTTPFields = [:]
    ) throws
        -> Response
    {
        let daten = try daten(wert)
        var headers = kopfzeilen
        headers[.contentType] = json
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: daten)))
    }

    /// The problem+json response of `problem`.
    static func problemAntwort(_ problem: APIProblem, instance: String?, requestId: String?) -> Response {
        let details = ProblemDetails(
            type: problem.art.uri, title: problem.art.titel, status: Int(problem.art.status.code),
            detail: problem.detail,
            instance: instance, requestId: requestId, probleme: problem.probleme, fehler: problem.fehler,
            hinweise: problem.hinweise, aktuellesEtag: problem.aktuellesEtag)
        let daten = (try? daten(details)) ?? Data(#"{"status":500,"title":"Interner Fehler"}"#.utf8)
        var headers = problem.kopfzeilen
        headers[.contentType] = problemTyp
        headers[.cacheControl] = "no-store"
        return Response(
            status: problem.art.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: daten)))
    }
}

/// What goes to `JSONEncoder` in place of `wert`: a `UUID` as its lower-case string, the types
/// `JSONEncoder` treats specially (`Date` with its strategy, `Data`, `URL`, `Decimal`) as they
/// are, anything else as ``KleineUUIDs``.
private func kleineUUIDs<T: Encodable>(_ wert: T) -> any Encodable {
    switch wert {
    case let uuid as UUID: uuid.uuidString.lowercased()
    case is Date, is Data, is URL, is Decimal: wert
    default: KleineUUIDs(wert: wert)
    }
}

/// A value encoded with every `UUID` in it, at any depth, written as its lower-case string.
///
/// `JSONEncoder` has no strategy for UUIDs, so the value is encoded through an encoder that
/// forwards everything to `JSONEncoder`'s own containers and only passes each nested value
/// through ``kleineUUIDs(_:)`` on the way; the output is otherwise exactly `JSONEncoder`'s.
private struct KleineUUIDs<Wert: Encodable>: Encodable {
    let wert: Wert

    func encode(to encoder: any Encoder) throws {
        try wert.encode(to: KleineUUIDsEncoder(basis: encoder))
    }
}

/// The encoder of ``KleineUUIDs``: `basis`'s containers, each value passed through
/// ``kleineUUIDs(_:)``.
private struct KleineUUIDsEncoder: Encoder {
    let basis: any Encoder
    var codingPath: [any CodingKey] { basis.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { basis.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KleineUUIDsKeyed(basis: basis.container(keyedBy: type)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        KleineUUIDsUnkeyed(basis: basis.unkeyedContainer())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        KleineUUIDsEinzeln(basis: basis.singleValueContainer())
    }
}

private struct KleineUUIDsKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var basis: KeyedEncodingContainer<Key>
    var codingPath: [any CodingKey] { basis.codingPath }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try basis.encode(kleineUUIDs(value), forKey: key)
    }

    mutating func encodeNil(forKey key: Key) throws { try basis.encodeNil(forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try basis.encode(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try basis.encode(value, forKey: key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KleineUUIDsKeyed<NestedKey>(basis: basis.nestedContainer(keyedBy: keyType, forKey: key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        KleineUUIDsUnkeyed(basis: basis.nestedUnkeyedContainer(forKey: key))
    }

    mutating func superEncoder() -> any Encoder { KleineUUIDsEncoder(basis: basis.superEncoder()) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        KleineUUIDsEncoder(basis: basis.superEncoder(forKey: key))
    }
}

private struct KleineUUIDsUnkeyed: UnkeyedEncodingContainer {
    var basis: any UnkeyedEncodingContainer
    var codingPath: [any CodingKey] { basis.codingPath }
    var count: Int { basis.count }

    mutating func encode<T: Encodable>(_ value: T) throws { try basis.encode(kleineUUIDs(value)) }

    mutating func encodeNil() throws { try basis.encodeNil() }
    mutating func encode(_ value: Bool) throws { try basis.encode(value) }
    mutating func encode(_ value: String) throws { try basis.encode(value) }
    mutating func encode(_ value: Double) throws { try basis.encode(value) }
    mutating func encode(_ value: Float) throws { try basis.encode(value) }
    mutating func encode(_ value: Int) throws { try basis.encode(value) }
    mutating func encode(_ value: Int8) throws { try basis.encode(value) }
    mutating func encode(_ value: Int16) throws { try basis.encode(value) }
    mutating func encode(_ value: Int32) throws { try basis.encode(value) }
    mutating func encode(_ value: Int64) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt8) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt16) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt32) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt64) throws { try basis.encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KleineUUIDsKeyed<NestedKey>(basis: basis.nestedContainer(keyedBy: keyType)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        KleineUUIDsUnkeyed(basis: basis.nestedUnkeyedContainer())
    }

    mutating func superEncoder() -> any Encoder { KleineUUIDsEncoder(basis: basis.superEncoder()) }
}

private struct KleineUUIDsEinzeln: SingleValueEncodingContainer {
    var basis: any SingleValueEncodingContainer
    var codingPath: [any CodingKey] { basis.codingPath }

    mutating func encode<T: Encodable>(_ value: T) throws { try basis.encode(kleineUUIDs(value)) }

    mutating func encodeNil() throws { try basis.encodeNil() }
    mutating func encode(_ value: Bool) throws { try basis.encode(value) }
    mutating func encode(_ value: String) throws { try basis.encode(value) }
    mutating func encode(_ value: Double) throws { try basis.encode(value) }
    mutating func encode(_ value: Float) throws { try basis.encode(value) }
    mutating func encode(_ value: Int) throws { try basis.encode(value) }
    mutating func encode(_ value: Int8) throws { try basis.encode(value) }
    mutating func encode(_ value: Int16) throws { try basis.encode(value) }
    mutating func encode(_ value: Int32) throws { try basis.encode(value) }
    mutating func encode(_ value: Int64) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt8) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt16) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt32) throws { try basis.encode(value) }
    mutating func encode(_ value: UInt64) throws { try basis.encode(value) }
}
