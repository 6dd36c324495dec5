import Foundation

/// A CMIS exception as the browser binding reports it: a JSON object with `exception` and
/// `message`, and the HTTP status of CMIS 1.1 section 5.2.6.3 (table "Exceptions").
struct CMISTestError: Error, Sendable {
    var exception: String
    var message: String
    var status: Int

    static func objectNotFound(_ message: String) -> Self {
        .init(exception: "objectNotFound", message: message, status: 404)
    }
    static func invalidArgument(_ message: String) -> Self {
        .init(exception: "invalidArgument", message: message, status: 400)
    }
    static func constraint(_ message: String) -> Self { .init(exception: "constraint", message: message, status: 409) }
    static func nameConstraintViolation(_ message: String) -> Self {
        .init(exception: "nameConstraintViolation", message: message, status: 409)
    }
    static func contentAlreadyExists(_ message: String) -> Self {
        .init(exception: "contentAlreadyExists", message: message, status: 409)
    }
    static func updateConflict(_ message: String) -> Self {
        .init(exception: "updateConflict", message: message, status: 409)
    }
    static func notSupported(_ message: String) -> Self {
        .init(exception: "notSupported", message: message, status: 405)
    }
    static func permissionDenied(_ message: String) -> Self {
        .init(exception: "permissionDenied", message: message, status: 403)
    }
    static func runtime(_ message: String) -> Self { .init(exception: "runtime", message: message, status: 500) }

    var json: CMISTestJSON { .object([("exception", .string(exception)), ("message", .string(message))]) }
}

/// A read-only view of an object of the CMIS test repository, for assertions in tests.
public struct CMISTestObject: Sendable, Hashable {
    public var id: String
    /// `cmis:folder` or `cmis:document`.
    public var baseTypeId: String
    public var name: String
    /// The full path, e.g. `/Gewerbe/06636001/Betrieb-.../06636001-2026-000042/Anzeige.pdf`.
    public var path: String
    public var parentId: String?
    public var description: String?
    public var secondaryTypeIds: [String]
    /// Values of the secondary-type properties (single-valued as one element).
    public var properties: [String: [String]]
    public var content: Data?
    public var mimeType: String?
    public var changeToken: Int

    public var isFolder: Bool { baseTypeId == "cmis:folder" }
    /// The single value of a secondary-type property.
    public func property(_ id: String) -> String? { properties[id]?.first }
}

/// The in-memory repository behind ``CMISTestServer``. Every operation runs as one actor call
/// without suspension, so concurrent requests see atomic creates (two creates of the same name:
/// one wins, the other gets `nameConstraintViolation`).
actor CMISTestRepository {
    struct StoredObject: Sendable {
        var id: String
        var baseTypeId: String
        var parentId: String?
        var name: String
        var description: String?
        var secondaryTypeIds: [String] = []
        var custom: [String: [String]] = [:]
        var content: Data?
        var mimeType: String?
        var fileName: String?
        var createdAt: Date
        var modifiedAt: Date
        var changeToken: Int = 1
        var createdBy: String
    }

    let repositoryId: String
    let rootId: String
    let secondaryTypes: [String: CMISTestTypeDefinition]
    private(set) var objects: [String: StoredObject] = [:]
    private var childIds: [String: [String]] = [:]
    private var creationOrder: [String] = []
    /// Create requests per target path (all attempts, also rejected ones).
    private(set) var createAttempts: [String: Int] = [:]
    /// Objects created per path (successful creates).
    private(set) var creates: [String: Int] = [:]

    init(repositoryId: String, secondaryTypes: [CMISTestServer.SecondaryType]) {
        self.repositoryId = repositoryId
        self.rootId = "root-" + UUID().uuidString.lowercased()
        var types: [String: CMISTestTypeDefinition] = [:]
        for type in secondaryTypes { types[type.id] = .secondary(type) }
        self.secondaryTypes = types
        let now = Date()
        objects[rootId] = StoredObject(
            id: rootId, baseTypeId: "cmis:folder", parentId: nil, name: "", description: "Root Folder",
            createdAt: now, modifiedAt: now, createdBy: "system")
        childIds[rootId] = []
        creationOrder.append(rootId)
    }

    /// Removes everything but the root folder and resets the counters.
    func reset() {
        let root = objects[rootId]
        objects = [:]
        objects[rootId] = root
        childIds = [rootId: []]
        creationOrder = [rootId]
        createAttempts = [:]
        creates = [:]
    }

    // MARK: - Types

    func typeDefinition(_ id: String) throws -> CMISTestTypeDefinition {
        switch id {
        case "cmis:folder": return .folder
        case "cmis:document": return .document
        case "cmis:secondary" where !secondaryTypes.isEmpty: return .secondaryBase
        default:
            if let type = secondaryTypes[id] { return type }
            throw CMISTestError.objectNotFound("Typ '\(id)' ist unbekannt")
        }
    }

    func typeChildren(of parent: String?) throws -> [CMISTestTypeDefinition] {
        switch parent {
        case nil:
            return [.document, .folder] + (secondaryTypes.isEmpty ? [] : [.secondaryBase])
        case "cmis:secondary":
            guard !secondaryTypes.isEmpty else {
                throw CMISTestError.objectNotFound("Typ 'cmis:secondary' ist unbekannt")
            }
            return secondaryTypes.keys.sorted().compactMap { secondaryTypes[$0] }
        case let id?:
            _ = try typeDefinition(id)
            return []
        }
    }

    // MARK: - Reading

    func object(id: String) throws -> StoredObject {
        guard let object = objects[id] else { throw CMISTestError.objectNotFound("Objekt '\(id)' nicht gefunden") }
        return object
    }

    func object(path: String) throws -> StoredObject {
        var current = objects[rootId]!
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard current.baseTypeId == "cmis:folder",
                let next = (childIds[current.id] ?? []).lazy.compactMap({ self.objects[$0] }).first(where: {
                    $0.name == segment
                })
            else { throw CMISTestError.objectNotFound("Pfad '\(path)' nicht gefunden") }
            current = next
        }
        return current
    }

    func path(of object: StoredObject) -> String {
        var names: [String] = []
        var current: StoredObject? = object
        while let item = current, let parentId = item.parentId {
            names.append(item.name)
            current = objects[parentId]
        }
        return "/" + names.reversed().joined(separator: "/")
    }

    func children(of folderId: String) throws -> [StoredObject] {
        let folder = try object(id: folderId)
        guard folder.baseTypeId == "cmis:folder" else {
            throw CMISTestError.invalidArgument("Objekt '\(folderId)' ist kein Ordner")
        }
        return (childIds[folderId] ?? []).compactMap { objects[$0] }
    }

    func allObjects() -> [StoredObject] {
        creationOrder.compactMap { objects[$0] }
    }

    /// Definitions and values of all properties of an object, in definition order.
    func properties(of object: StoredObject) -> [(CMISTestPropertyDefinition, CMISTestJSON)] {
        let base: CMISTestTypeDefinition = object.baseTypeId == "cmis:folder" ? .folder : .document
        var result: [(CMISTestPropertyDefinition, CMISTestJSON)] = []
        func millis(_ date: Date) -> CMISTestJSON { .int(Int((date.timeIntervalSince1970 * 1000).rounded())) }
        for definition in base.properties {
            let value: CMISTestJSON
            switch definition.id {
            case "cmis:name": value = .string(object.name)
            case "cmis:description": value = object.description.map { .string($0) } ?? .null
            case "cmis:objectId": value = .string(object.id)
            case "cmis:baseTypeId", "cmis:objectTypeId": value = .string(object.baseTypeId)
            case "cmis:secondaryObjectTypeIds": value = .array(object.secondaryTypeIds.map { .string($0) })
            case "cmis:createdBy", "cmis:lastModifiedBy": value = .string(object.createdBy)
            case "cmis:creationDate": value = millis(object.createdAt)
            case "cmis:lastModificationDate": value = millis(object.modifiedAt)
            case "cmis:changeToken": value = .string(String(object.changeToken))
            case "cmis:parentId": value = object.parentId.map { .string($0) } ?? .null
            case "cmis:path": value = .string(path(of: object))
            case "cmis:allowedChildObjectTypeIds": value = .array([])
            case "cmis:isImmutable", "cmis:isPrivateWorkingCopy", "cmis:isVersionSeriesCheckedOut": value = .bool(false)
            case "cmis:isLatestVersion", "cmis:isMajorVersion", "cmis:isLatestMajorVersion": value = .bool(true)
            case "cmis:versionLabel": value = .string("1.0")
            case "cmis:versionSeriesId": value = .string("vs-" + object.id)
            case "cmis:contentStreamLength": value = object.content.map { .int($0.count) } ?? .null
            case "cmis:contentStreamMimeType":
                value = object.content == nil ? .null : .string(object.mimeType ?? "application/octet-stream")
            case "cmis:contentStreamFileName":
                value = object.content == nil ? .null : .string(object.fileName ?? object.name)
            case "cmis:contentStreamId": value = object.content == nil ? .null : .string("cs-" + object.id)
            default: value = .null
            }
            result.append((definition, value))
        }
        for typeId in object.secondaryTypeIds {
            guard let type = secondaryTypes[typeId] else { continue }
            for definition in type.properties {
                let values = object.custom[definition.id] ?? []
                let value: CMISTestJSON =
                    definition.multi ? .array(values.map { .string($0) }) : (values.first.map { .string($0) } ?? .null)
                result.append((definition, value))
            }
        }
        return result
    }

    func snapshot(_ object: StoredObject) -> CMISTestObject {
        CMISTestObject(
            id: object.id, baseTypeId: object.baseTypeId, name: object.name, path: path(of: object),
            parentId: object.parentId, description: object.description, secondaryTypeIds: object.secondaryTypeIds,
            properties: object.custom, content: object.content, mimeType: object.mimeType,
            changeToken: object.changeToken)
    }

    func snapshot(path: String) -> CMISTestObject? {
        guard let object = try? object(path: path) else { return nil }
        return snapshot(object)
    }

    func snapshots() -> [CMISTestObject] {
        allObjects().map { snapshot($0) }
    }

    // MARK: - Writing

    typealias PropertyInput = (id: String, values: [String], multi: Bool)

    /// Checks the properties of a create or update request and returns the values to store.
    private func apply(
        _ input: [PropertyInput], to object: inout StoredObject, creating: Bool, extraSecondary: [String] = [],
        removeSecondary: [String] = []
    ) throws {
        let base: CMISTestTypeDefinition = object.baseTypeId == "cmis:folder" ? .folder : .document
        // Secondary types first, so that their properties are known.
        var secondary = object.secondaryTypeIds
        if let given = input.first(where: { $0.id == "cmis:secondaryObjectTypeIds" }) {
            secondary = given.values
        }
        for id in extraSecondary where !secondary.contains(id) { secondary.append(id) }
        secondary.removeAll { removeSecondary.contains($0) }
        for id in secondary where secondaryTypes[id] == nil {
            throw CMISTestError.constraint("Sekundärtyp '\(id)' ist in diesem Repository nicht definiert")
        }
        for removed in object.secondaryTypeIds where !secondary.contains(removed) {
            for definition in secondaryTypes[removed]?.properties ?? [] { object.custom[definition.id] = nil }
        }
        object.secondaryTypeIds = secondary
        for property in input {
            if let definition = base.property(property.id) {
                switch (property.id, definition.updatability) {
                case ("cmis:secondaryObjectTypeIds", _): continue
                case ("cmis:objectTypeId", _):
                    guard creating else { throw CMISTestError.constraint("cmis:objectTypeId ist nicht änderbar") }
                    guard property.values.first == object.baseTypeId else {
                        throw CMISTestError.constraint(
                            "Typ '\(property.values.first ?? "")' passt nicht zu \(object.baseTypeId)")
                    }
                case ("cmis:name", _):
                    guard let name = property.values.first, !name.isEmpty else {
                        throw CMISTestError.invalidArgument("cmis:name darf nicht leer sein")
                    }
                    guard !name.contains("/") else {
                        throw CMISTestError.nameConstraintViolation("cmis:name darf keinen Schrägstrich enthalten")
                    }
                    object.name = name
                case ("cmis:description", _):
                    object.description = property.values.first
                case (_, .readonly):
                    throw CMISTestError.constraint("Eigenschaft \(property.id) ist nur lesbar")
                default:
                    continue
                }
                continue
            }
            guard
                let definition = secondary.lazy.compactMap({ self.secondaryTypes[$0]?.property(property.id) }).first
            else {
                throw CMISTestError.constraint("Eigenschaft '\(property.id)' ist für diesen Typ nicht definiert")
            }
            if !definition.multi && property.values.count > 1 {
                throw CMISTestError.invalidArgument("Eigenschaft '\(property.id)' ist einwertig")
            }
            object.custom[property.id] = property.values.isEmpty ? nil : property.values
        }
    }

    private func checkNameFree(_ name: String, in parentId: String, except id: String? = nil) throws {
        for child in childIds[parentId] ?? [] where child != id {
            if objects[child]?.name == name {
                throw CMISTestError.nameConstraintViolation("Im Ordner gibt es bereits ein Objekt '\(name)'")
            }
        }
    }

    private func targetPath(parentId: String, input: [PropertyInput]) -> String? {
        guard let parent = objects[parentId], let name = input.first(where: { $0.id == "cmis:name" })?.values.first
        else { return nil }
        let parentPath = path(of: parent)
        return (parentPath == "/" ? "" : parentPath) + "/" + name
    }

    func createFolder(parentId: String, properties input: [PropertyInput], user: String) throws -> StoredObject {
        try create(base: "cmis:folder", parentId: parentId, input: input, content: nil, user: user)
    }

    func createDocument(
        parentId: String, properties input: [PropertyInput], content: CMISTestForm.Content?, user: String
    ) throws -> StoredObject {
        try create(base: "cmis:document", parentId: parentId, input: input, content: content, user: user)
    }

    private func create(
        base: String, parentId: String, input: [PropertyInput], content: CMISTestForm.Content?, user: String
    ) throws -> StoredObject {
        if let path = targetPath(parentId: parentId, input: input) { createAttempts[path, default: 0] += 1 }
        let parent = try object(id: parentId)
        guard parent.baseTypeId == "cmis:folder" else {
            throw CMISTestError.invalidArgument("Ziel '\(parentId)' ist kein Ordner")
        }
        guard input.contains(where: { $0.id == "cmis:objectTypeId" }) else {
            throw CMISTestError.invalidArgument("cmis:objectTypeId fehlt")
        }
        guard input.contains(where: { $0.id == "cmis:name" }) else {
            throw CMISTestError.invalidArgument("cmis:name fehlt")
        }
        let now = Date()
        var object = StoredObject(
            id: UUID().uuidString.lowercased(), baseTypeId: base, parentId: parentId, name: "", createdAt: now,
            modifiedAt: now, createdBy: user)
        try apply(input, to: &object, creating: true)
        try checkNameFree(object.name, in: parentId)
        if let content {
            object.content = content.data
            object.mimeType = content.mimeType ?? "application/octet-stream"
            object.fileName = content.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? object.name
        }
        objects[object.id] = object
        childIds[parentId, default: []].append(object.id)
        if base == "cmis:folder" { childIds[object.id] = [] }
        creationOrder.append(object.id)
        creates[path(of: object), default: 0] += 1
        return object
    }

    /// Stores a document whose content was cut short (for the "stored, then failed" test mode).
    func createTruncatedDocument(
        parentId: String, properties input: [PropertyInput], content: CMISTestForm.Content, keepBytes: Int, user: String
    ) throws -> StoredObject {
        var truncated = content
        truncated.data = content.data.prefix(keepBytes)
        return try createDocument(parentId: parentId, properties: input, content: truncated, user: user)
    }

    func updateProperties(
        id: String, properties input: [PropertyInput], addSecondary: [String], removeSecondary: [String],
        changeToken: String?
    ) throws -> StoredObject {
        var object = try object(id: id)
        if let changeToken, changeToken != String(object.changeToken) {
            throw CMISTestError.updateConflict("Das Objekt wurde inzwischen geändert (changeToken)")
        }
        guard id != rootId || input.isEmpty else {
            throw CMISTestError.constraint("Der Wurzelordner ist nicht änderbar")
        }
        let oldName = object.name
        try apply(input, to: &object, creating: false, extraSecondary: addSecondary, removeSecondary: removeSecondary)
        if object.name != oldName, let parentId = object.parentId {
            try checkNameFree(object.name, in: parentId, except: object.id)
        }
        object.changeToken += 1
        object.modifiedAt = Date()
        objects[id] = object
        return object
    }

    func setContent(id: String, content: CMISTestForm.Content, overwrite: Bool) throws -> StoredObject {
        var object = try object(id: id)
        guard object.baseTypeId == "cmis:document" else {
            throw CMISTestError.constraint("Nur Dokumente haben Inhalt")
        }
        if object.content != nil && !overwrite {
            throw CMISTestError.contentAlreadyExists("Das Dokument hat bereits Inhalt")
        }
        object.content = content.data
        object.mimeType = content.mimeType ?? object.mimeType ?? "application/octet-stream"
        object.fileName = content.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? object.fileName ?? object.name
        object.changeToken += 1
        object.modifiedAt = Date()
        objects[id] = object
        return object
    }

    func delete(id: String, tree: Bool) throws {
        let object = try object(id: id)
        guard id != rootId else { throw CMISTestError.constraint("Der Wurzelordner kann nicht gelöscht werden") }
        if object.baseTypeId == "cmis:folder", !(childIds[id] ?? []).isEmpty {
            guard tree else { throw CMISTestError.constraint("Der Ordner ist nicht leer") }
            for child in childIds[id] ?? [] { try delete(id: child, tree: true) }
        }
        objects[id] = nil
        childIds[id] = nil
        creationOrder.removeAll { $0 == id }
        if let parentId = object.parentId { childIds[parentId]?.removeAll { $0 == id } }
    }

    func isInTree(_ object: StoredObject, folderId: String) -> Bool {
        var current = object.parentId
        while let id = current {
            if id == folderId { return true }
            current = objects[id]?.parentId
        }
        return false
    }

    // MARK: - Query

    /// Runs a CMIS-SQL statement of the supported subset (see ``CMISTestQuery``).
    func query(_ statement: String) throws -> [(StoredObject, [(CMISTestPropertyDefinition, CMISTestJSON)])] {
        let query = try CMISTestQuery.parse(statement)
        let from = try typeDefinition(query.typeId)
        var results: [(StoredObject, [(CMISTestPropertyDefinition, CMISTestJSON)])] = []
        for object in allObjects() where object.id != rootId {
            switch from.baseId {
            case "cmis:secondary":
                guard object.secondaryTypeIds.contains(from.id) else { continue }
            default:
                guard object.baseTypeId == from.baseId else { continue }
            }
            let properties = properties(of: object)
            let matches = try query.conditions.allSatisfy { condition in
                try condition.evaluate(
                    properties: properties, object: object, inFolder: { object.parentId == $0 },
                    inTree: { self.isInTree(object, folderId: $0) })
            }
            guard matches else { continue }
            let selected: [(CMISTestPropertyDefinition, CMISTestJSON)]
            if query.selectAll {
                selected = properties
            } else {
                selected = try query.columns.map { column in
                    guard let match = properties.first(where: { $0.0.id == column }) else {
                        throw CMISTestError.invalidArgument("Spalte '\(column)' gibt es in \(from.id) nicht")
                    }
                    return match
                }
            }
            results.append((object, selected))
        }
        if let order = query.orderBy {
            func key(_ entry: (StoredObject, [(CMISTestPropertyDefinition, CMISTestJSON)])) -> String {
                properties(of: entry.0).first(where: { $0.0.id == order.property })?.1.sortKey ?? ""
            }
            results.sort { order.ascending ? key($0) < key($1) : key($0) > key($1) }
        }
        return results
    }
}

extension CMISTestJSON {
    /// A text form of a scalar value for comparisons in queries.
    var sortKey: String? {
        switch self {
        case .string(let text): text
        case .int(let value): String(format: "%020d", value)
        case .bool(let value): value ? "true" : "false"
        case .null: nil
        case .array(let values): values.first?.sortKey
        case .object: nil
        }
    }

    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }
}
