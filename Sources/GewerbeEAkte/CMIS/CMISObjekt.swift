import Foundation
import GewerbeDomain

/// The parts of a CMIS object the adapter needs, read from browser-binding JSON (succinct or
/// full form).
struct CMISObjekt: Sendable {
    var id: String
    var baseTypeId: String
    var name: String
    /// `cmis:path` (folders only).
    var pfad: String?
    var beschreibung: String?
    var inhaltLaenge: Int?
    var secondaryTypeIds: [String]
    /// Single-valued string properties other than the standard ones we read above.
    var eigenschaften: [String: String]

    var istOrdner: Bool { baseTypeId == "cmis:folder" }

    init(json: Any, kontext: String) throws {
        guard let object = json as? [String: Any] else {
            throw EAkteFehler(.dauerhaft, "\(kontext): Antwort ist kein CMIS-Objekt")
        }
        var values: [String: Any] = [:]
        if let succinct = object["succinctProperties"] as? [String: Any] {
            values = succinct
        } else if let properties = object["properties"] as? [String: Any] {
            for (key, value) in properties {
                if let property = value as? [String: Any] { values[key] = property["value"] ?? NSNull() }
            }
        } else {
            throw EAkteFehler(.dauerhaft, "\(kontext): Antwort enthält keine Eigenschaften")
        }
        func text(_ key: String) -> String? {
            switch values[key] {
            case let string as String: string
            case let array as [Any]: array.first as? String
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
        guard let id = text("cmis:objectId"), let base = text("cmis:baseTypeId") else {
            throw EAkteFehler(.dauerhaft, "\(kontext): cmis:objectId oder cmis:baseTypeId fehlt")
        }
        self.id = id
        self.baseTypeId = base
        self.name = text("cmis:name") ?? ""
        self.pfad = text("cmis:path")
        self.beschreibung = text("cmis:description")
        switch values["cmis:contentStreamLength"] {
        case let number as NSNumber: self.inhaltLaenge = number.intValue
        case let string as String: self.inhaltLaenge = Int(string)
        default: self.inhaltLaenge = nil
        }
        switch values["cmis:secondaryObjectTypeIds"] {
        case let array as [Any]: self.secondaryTypeIds = array.compactMap { $0 as? String }
        case let string as String: self.secondaryTypeIds = [string]
        default: self.secondaryTypeIds = []
        }
        var eigenschaften: [String: String] = [:]
        for key in values.keys where !key.hasPrefix("cmis:") {
            if let value = text(key) { eigenschaften[key] = value }
        }
        self.eigenschaften = eigenschaften
    }

    static func parse(_ data: Data, kontext: String) throws -> CMISObjekt {
        try CMISObjekt(json: try CMISJSON.parse(data, kontext: kontext), kontext: kontext)
    }
}

enum CMISJSON {
    static func parse(_ data: Data, kontext: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw EAkteFehler(.dauerhaft, "\(kontext): Antwort ist kein gültiges JSON")
        }
    }

    /// The `exception` name of a CMIS error answer, if it is one.
    static func exception(_ data: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        return object["exception"] as? String
    }
}
