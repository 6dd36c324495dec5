import Foundation

/// Property and type definitions of the CMIS test repository (CMIS 1.1, section 2.1.3).
struct CMISTestPropertyDefinition: Sendable {
    enum PropertyType: String, Sendable {
        case string, id, integer, boolean, datetime
    }
    enum Updatability: String, Sendable {
        case readonly, readwrite, oncreate
    }

    var id: String
    var type: PropertyType
    var multi: Bool = false
    var updatability: Updatability = .readonly
    var required: Bool = false
    var inherited: Bool = false
    var displayName: String?

    var localName: String {
        id.split(separator: ":", maxSplits: 1).last.map(String.init) ?? id
    }

    func json() -> CMISTestJSON {
        .object([
            ("id", .string(id)),
            ("localName", .string(localName)),
            (
                "localNamespace",
                .string(
                    id.hasPrefix("cmis:") ? "http://docs.oasis-open.org/ns/cmis/core/200908/" : "urn:gewerbe:metadaten")
            ),
            ("displayName", .string(displayName ?? id)),
            ("queryName", .string(id)),
            ("description", .string(displayName ?? id)),
            ("propertyType", .string(type.rawValue)),
            ("cardinality", .string(multi ? "multi" : "single")),
            ("updatability", .string(updatability.rawValue)),
            ("inherited", .bool(inherited)),
            ("required", .bool(required)),
            ("queryable", .bool(true)),
            ("orderable", .bool(!multi)),
            ("openChoice", .bool(false)),
        ])
    }
}

struct CMISTestTypeDefinition: Sendable {
    var id: String
    var baseId: String
    var parentId: String?
    var displayName: String
    var description: String
    var creatable: Bool
    var fileable: Bool
    var properties: [CMISTestPropertyDefinition]

    func property(_ id: String) -> CMISTestPropertyDefinition? {
        properties.first { $0.id == id }
    }

    func json(includePropertyDefinitions: Bool = true) -> CMISTestJSON {
        var members: [(String, CMISTestJSON)] = [
            ("id", .string(id)),
            ("localName", .string(id.split(separator: ":").last.map(String.init) ?? id)),
            (
                "localNamespace",
                .string(
                    id.hasPrefix("cmis:") ? "http://docs.oasis-open.org/ns/cmis/core/200908/" : "urn:gewerbe:metadaten")
            ),
            ("displayName", .string(displayName)),
            ("queryName", .string(id)),
            ("description", .string(description)),
            ("baseId", .string(baseId)),
            ("parentId", parentId.map { .string($0) } ?? .null),
            ("creatable", .bool(creatable)),
            ("fileable", .bool(fileable)),
            ("queryable", .bool(true)),
            ("fulltextIndexed", .bool(false)),
            ("includedInSupertypeQuery", .bool(true)),
            ("controllablePolicy", .bool(false)),
            ("controllableACL", .bool(false)),
            (
                "typeMutability",
                .object([("create", .bool(false)), ("update", .bool(false)), ("delete", .bool(false))])
            ),
        ]
        if baseId == "cmis:document" {
            members.append(("versionable", .bool(false)))
            members.append(("contentStreamAllowed", .string("allowed")))
        }
        if includePropertyDefinitions {
            members.append(("propertyDefinitions", .object(properties.map { ($0.id, $0.json()) })))
        }
        return .object(members)
    }
}

extension CMISTestTypeDefinition {
    private static let common: [CMISTestPropertyDefinition] = [
        .init(id: "cmis:name", type: .string, updatability: .readwrite, required: true, displayName: "Name"),
        .init(id: "cmis:description", type: .string, updatability: .readwrite, displayName: "Description"),
        .init(id: "cmis:objectId", type: .id, displayName: "Object Id"),
        .init(id: "cmis:baseTypeId", type: .id, displayName: "Base Type Id"),
        .init(id: "cmis:objectTypeId", type: .id, updatability: .oncreate, required: true, displayName: "Type Id"),
        .init(
            id: "cmis:secondaryObjectTypeIds", type: .id, multi: true, updatability: .readwrite,
            displayName: "Secondary Type Ids"),
        .init(id: "cmis:createdBy", type: .string, displayName: "Created By"),
        .init(id: "cmis:creationDate", type: .datetime, displayName: "Creation Date"),
        .init(id: "cmis:lastModifiedBy", type: .string, displayName: "Last Modified By"),
        .init(id: "cmis:lastModificationDate", type: .datetime, displayName: "Last Modification Date"),
        .init(id: "cmis:changeToken", type: .string, displayName: "Change Token"),
    ]

    static let folder = CMISTestTypeDefinition(
        id: "cmis:folder", baseId: "cmis:folder", parentId: nil, displayName: "Folder", description: "Folder",
        creatable: true, fileable: true,
        properties: common + [
            .init(id: "cmis:parentId", type: .id, displayName: "Parent Id"),
            .init(id: "cmis:path", type: .string, displayName: "Path"),
            .init(id: "cmis:allowedChildObjectTypeIds", type: .id, multi: true, displayName: "Allowed Child Types"),
        ])

    static let document = CMISTestTypeDefinition(
        id: "cmis:document", baseId: "cmis:document", parentId: nil, displayName: "Document",
        description: "Document", creatable: true, fileable: true,
        properties: common + [
            .init(id: "cmis:isImmutable", type: .boolean, displayName: "Is Immutable"),
            .init(id: "cmis:isLatestVersion", type: .boolean, displayName: "Is Latest Version"),
            .init(id: "cmis:isMajorVersion", type: .boolean, displayName: "Is Major Version"),
            .init(id: "cmis:isLatestMajorVersion", type: .boolean, displayName: "Is Latest Major Version"),
            .init(id: "cmis:isPrivateWorkingCopy", type: .boolean, displayName: "Is PWC"),
            .init(id: "cmis:versionLabel", type: .string, displayName: "Version Label"),
            .init(id: "cmis:versionSeriesId", type: .id, displayName: "Version Series Id"),
            .init(id: "cmis:isVersionSeriesCheckedOut", type: .boolean, displayName: "Is Checked Out"),
            .init(id: "cmis:versionSeriesCheckedOutBy", type: .string, displayName: "Checked Out By"),
            .init(id: "cmis:versionSeriesCheckedOutId", type: .id, displayName: "Checked Out Id"),
            .init(id: "cmis:checkinComment", type: .string, displayName: "Checkin Comment"),
            .init(id: "cmis:contentStreamLength", type: .integer, displayName: "Content Length"),
            .init(id: "cmis:contentStreamMimeType", type: .string, displayName: "MIME Type"),
            .init(id: "cmis:contentStreamFileName", type: .string, displayName: "Filename"),
            .init(id: "cmis:contentStreamId", type: .id, displayName: "Stream Id"),
        ])

    static let secondaryBase = CMISTestTypeDefinition(
        id: "cmis:secondary", baseId: "cmis:secondary", parentId: nil, displayName: "Secondary Type",
        description: "Secondary Type", creatable: false, fileable: false, properties: [])

    static func secondary(_ type: CMISTestServer.SecondaryType) -> CMISTestTypeDefinition {
        CMISTestTypeDefinition(
            id: type.id, baseId: "cmis:secondary", parentId: "cmis:secondary", displayName: type.displayName,
            description: type.displayName, creatable: false, fileable: false,
            properties: type.propertyIds.map {
                CMISTestPropertyDefinition(id: $0, type: .string, updatability: .readwrite, displayName: $0)
            })
    }
}
