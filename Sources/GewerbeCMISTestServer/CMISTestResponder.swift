import Foundation
import Hummingbird
import NIOCore

/// Request context of the CMIS test server; it keeps the channel so that a test control can
/// drop the connection in the middle of an upload.
struct CMISTestRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// Dispatches browser-binding requests to the in-memory repository.
struct CMISTestResponder: HTTPResponder {
    typealias Context = CMISTestRequestContext

    let server: CMISTestServer
    var repository: CMISTestRepository { server.repository }
    var configuration: CMISTestServer.Configuration { server.configuration }

    func respond(to request: Request, context: Context) async throws -> Response {
        let latency = server.controls.withLock { state -> Duration in
            state.requestCount += 1
            return state.latency
        }
        if latency > .zero { try await Task.sleep(for: latency) }
        if server.controls.withLock({ $0.unavailable }) {
            var response = json(
                CMISTestError(exception: "runtime", message: "Service Unavailable (Testmodus)", status: 503).json,
                status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
        let user: String
        switch authenticate(request) {
        case .success(let name): user = name
        case .failure(let response): return response
        }
        do {
            return try await route(request, context: context, user: user)
        } catch let error as CMISTestError {
            return json(error.json, status: .init(code: error.status))
        } catch let error as CMISTestForm.ParseError {
            return json(CMISTestError.invalidArgument(error.description).json, status: .badRequest)
        }
    }

    private enum Authentication {
        case success(String)
        case failure(Response)
    }

    private func authenticate(_ request: Request) -> Authentication {
        guard let credentials = configuration.credentials else { return .success("anonymous") }
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            String(decoding: decoded, as: UTF8.self) == "\(credentials.user):\(credentials.password)"
        {
            return .success(credentials.user)
        }
        var response = json(
            CMISTestError.permissionDenied("Anmeldung erforderlich").json, status: .unauthorized)
        response.headers[.wwwAuthenticate] = "Basic realm=\"CMIS\""
        return .failure(response)
    }

    // MARK: - Routing

    private func route(_ request: Request, context: Context, user: String) async throws -> Response {
        let rawPath = request.uri.path
        let path = rawPath.removingPercentEncoding ?? rawPath
        var query = CMISTestForm.parseURLEncoded(request.uri.query ?? "")
        guard path == "/browser" || path.hasPrefix("/browser/") else {
            throw CMISTestError.objectNotFound("Unbekannte URL \(path)")
        }
        let rest = path.dropFirst("/browser".count).drop(while: { $0 == "/" })
        if rest.isEmpty {
            guard request.method == .get else { throw CMISTestError.notSupported("Nur GET auf dem Service-Dokument") }
            return json(.object([(configuration.repositoryId, try await repositoryInfo())]))
        }
        let repositoryId = rest.prefix(while: { $0 != "/" })
        guard repositoryId == configuration.repositoryId else {
            throw CMISTestError.objectNotFound("Repository '\(repositoryId)' nicht gefunden")
        }
        let afterRepository = rest.dropFirst(repositoryId.count)
        let isRepositoryURL = afterRepository.isEmpty || afterRepository == "/"
        var objectPath: String?
        if !isRepositoryURL {
            guard afterRepository == "/root" || afterRepository.hasPrefix("/root/") else {
                throw CMISTestError.objectNotFound("Unbekannte URL \(path)")
            }
            objectPath = String(afterRepository.dropFirst("/root".count))
        }

        switch request.method {
        case .get:
            if isRepositoryURL { return try await repositoryGet(query) }
            return try await objectGet(path: objectPath ?? "", query: query)
        case .post:
            guard var form = try await readForm(request, context: context, user: user, objectPath: objectPath)
            else {
                // The upload failure has been handled (connection dropped or 500 sent).
                return json(CMISTestError.runtime("Upload abgebrochen (Testmodus)").json, status: .internalServerError)
            }
            for (name, value) in query where form.fields[name] == nil { form.fields[name] = value }
            query = form.fields
            if isRepositoryURL && query["cmisaction"] == "query" { return try await runQuery(query) }
            return try await objectPost(path: objectPath ?? "", form: form, user: user)
        default:
            throw CMISTestError.notSupported("Die Browser-Bindung kennt nur GET und POST")
        }
    }

    // MARK: - Body and upload failures

    /// Reads and parses the form of a POST. Returns `nil` when an injected upload failure
    /// consumed the request (the caller answers 500; after a dropped connection nobody listens).
    private func readForm(
        _ request: Request, context: Context, user: String, objectPath: String?
    ) async throws -> CMISTestForm? {
        let contentType = request.headers[.contentType]
        let isMultipart = contentType?.lowercased().hasPrefix("multipart/form-data") ?? false
        var iterator = request.body.makeAsyncIterator()
        var body = Data()
        func readAll() async throws {
            while let chunk = try await iterator.next() {
                body.append(contentsOf: chunk.readableBytesView)
                if body.count > configuration.maxBodyBytes {
                    throw CMISTestError.constraint("Anfrage zu groß")
                }
            }
        }
        let failureArmed = isMultipart && server.pendingUploadFailures > 0
        if !failureArmed {
            try await readAll()
            return try CMISTestForm.parse(body: body, contentType: contentType)
        }
        // Read about half of the body, then decide whether this is an upload.
        let expected = request.headers[.contentLength].flatMap { Int($0) }
        let half = max(1, (expected ?? 2) / 2)
        while body.count < half, let chunk = try await iterator.next() {
            body.append(contentsOf: chunk.readableBytesView)
        }
        let action = Self.sniffField("cmisaction", in: body)
        guard action == "createDocument" || action == "setContent", let failure = server.takeUploadFailure() else {
            try await readAll()
            return try CMISTestForm.parse(body: body, contentType: contentType)
        }
        switch failure {
        case .answer500:
            return nil
        case .dropConnection:
            context.channel.close(mode: .all, promise: nil)
            return nil
        case .storeTruncatedThen500:
            try await readAll()
            let form = try CMISTestForm.parse(body: body, contentType: contentType)
            if let content = form.content {
                let keep = content.data.count / 2
                if action == "createDocument" {
                    let parentId = try await targetFolderId(form: form, path: objectPath ?? "")
                    _ = try await repository.createTruncatedDocument(
                        parentId: parentId, properties: try form.properties(), content: content, keepBytes: keep,
                        user: user)
                } else if let id = form["objectId"] {
                    var truncated = content
                    truncated.data = content.data.prefix(keep)
                    _ = try await repository.setContent(id: id, content: truncated, overwrite: true)
                }
            }
            return nil
        }
    }

    /// Finds the value of a text field in the (possibly partial) raw multipart body.
    static func sniffField(_ name: String, in body: Data) -> String? {
        let bytes = [UInt8](body)
        let marker = [UInt8]("name=\"\(name)\"".utf8)
        guard let position = CMISTestForm.find(marker, in: bytes, from: 0),
            let valueStart = CMISTestForm.find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: position)
        else { return nil }
        let start = valueStart + 4
        guard let end = CMISTestForm.find([0x0D, 0x0A], in: bytes, from: start) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    // MARK: - Repository URL

    private func repositoryInfo() async throws -> CMISTestJSON {
        .object([
            ("repositoryId", .string(configuration.repositoryId)),
            ("repositoryName", .string(configuration.repositoryName)),
            ("repositoryDescription", .string("In-Memory-CMIS-Repository für Tests")),
            ("vendorName", .string("Gewerbe-Fachverfahren")),
            ("productName", .string("CMIS-Testserver")),
            ("productVersion", .string("1.0")),
            ("rootFolderId", .string(repository.rootId)),
            (
                "capabilities",
                .object([
                    ("capabilityContentStreamUpdatability", .string("anytime")),
                    ("capabilityChanges", .string("none")),
                    ("capabilityRenditions", .string("none")),
                    ("capabilityGetDescendants", .bool(false)),
                    ("capabilityGetFolderTree", .bool(false)),
                    ("capabilityMultifiling", .bool(false)),
                    ("capabilityUnfiling", .bool(false)),
                    ("capabilityVersionSpecificFiling", .bool(false)),
                    ("capabilityPWCSearchable", .bool(false)),
                    ("capabilityPWCUpdatable", .bool(false)),
                    ("capabilityAllVersionsSearchable", .bool(false)),
                    ("capabilityOrderBy", .string("common")),
                    ("capabilityQuery", .string("metadataonly")),
                    ("capabilityJoin", .string("none")),
                    ("capabilityACL", .string("none")),
                    ("capabilityCreatablePropertyTypes", .object([("canCreate", .array([]))])),
                    (
                        "capabilityNewTypeSettableAttributes",
                        .object(
                            [
                                "id", "localName", "localNamespace", "displayName", "queryName", "description",
                                "creatable", "fileable", "queryable", "fulltextIndexed", "includedInSupertypeQuery",
                                "controllablePolicy", "controllableACL",
                            ].map { ($0, .bool(false)) })
                    ),
                ])
            ),
            ("latestChangeLogToken", .string("0")),
            ("cmisVersionSupported", .string("1.1")),
            ("thinClientURI", .string("")),
            ("changesIncomplete", .bool(true)),
            ("changesOnType", .array([])),
            ("principalIdAnonymous", .string("anonymous")),
            ("principalIdAnyone", .string("anyone")),
            ("extendedFeatures", .array([])),
            ("repositoryUrl", .string(server.repositoryURL)),
            ("rootFolderUrl", .string(server.rootFolderURL)),
        ])
    }

    private func repositoryGet(_ query: [String: String]) async throws -> Response {
        switch query["cmisselector"] ?? "repositoryInfo" {
        case "repositoryInfo":
            return json(.object([(configuration.repositoryId, try await repositoryInfo())]))
        case "typeChildren":
            let include = Self.flag(query["includePropertyDefinitions"])
            let types = try await repository.typeChildren(of: query["typeId"].flatMap { $0.isEmpty ? nil : $0 })
            let skip = Int(query["skipCount"] ?? "") ?? 0
            let max = Int(query["maxItems"] ?? "") ?? Int.max
            let page = Array(types.dropFirst(skip).prefix(max))
            return json(
                .object([
                    ("types", .array(page.map { $0.json(includePropertyDefinitions: include) })),
                    ("hasMoreItems", .bool(skip + page.count < types.count)),
                    ("numItems", .int(types.count)),
                ]))
        case "typeDefinition":
            guard let typeId = query["typeId"] else { throw CMISTestError.invalidArgument("typeId fehlt") }
            return json(try await repository.typeDefinition(typeId).json())
        case "query":
            var form = query
            if form["statement"] == nil { form["statement"] = query["q"] }
            return try await runQuery(form)
        case let selector:
            throw CMISTestError.notSupported("cmisselector=\(selector) wird nicht unterstützt")
        }
    }

    private func runQuery(_ form: [String: String]) async throws -> Response {
        guard let statement = form["statement"] ?? form["q"] else {
            throw CMISTestError.invalidArgument("statement fehlt")
        }
        let succinct = Self.flag(form["succinct"])
        let results = try await repository.query(statement)
        let skip = Int(form["skipCount"] ?? "") ?? 0
        let max = Int(form["maxItems"] ?? "") ?? Int.max
        let page = Array(results.dropFirst(skip).prefix(max))
        var rendered: [CMISTestJSON] = []
        for (object, properties) in page {
            rendered.append(
                await objectJSON(
                    object, properties: properties, succinct: succinct,
                    allowableActions: Self.flag(form["includeAllowableActions"])))
        }
        return json(
            .object([
                ("results", .array(rendered)),
                ("hasMoreItems", .bool(skip + page.count < results.count)),
                ("numItems", .int(results.count)),
            ]))
    }

    // MARK: - Objects

    private func objectGet(path: String, query: [String: String]) async throws -> Response {
        let object: CMISTestRepository.StoredObject
        if let id = query["objectId"] {
            object = try await repository.object(id: id)
        } else {
            object = try await repository.object(path: path)
        }
        let succinct = Self.flag(query["succinct"])
        let allowable = Self.flag(query["includeAllowableActions"])
        let selector = query["cmisselector"] ?? (object.baseTypeId == "cmis:folder" ? "children" : "content")
        switch selector {
        case "object":
            return json(await objectJSON(object, succinct: succinct, allowableActions: allowable))
        case "properties":
            let properties = await repository.properties(of: object)
            if succinct {
                return json(.object(properties.map { ($0.0.id, $0.1) }))
            }
            return json(.object(properties.map { ($0.0.id, Self.propertyJSON($0.0, $0.1)) }))
        case "allowableActions":
            return json(Self.allowableActions(object))
        case "children":
            let children = try await repository.children(of: object.id)
            let skip = Int(query["skipCount"] ?? "") ?? 0
            let max = Int(query["maxItems"] ?? "") ?? Int.max
            let page = Array(children.dropFirst(skip).prefix(max))
            var rendered: [CMISTestJSON] = []
            for child in page {
                var entry: [(String, CMISTestJSON)] = [
                    ("object", await objectJSON(child, succinct: succinct, allowableActions: allowable))
                ]
                if Self.flag(query["includePathSegment"]) { entry.append(("pathSegment", .string(child.name))) }
                rendered.append(.object(entry))
            }
            return json(
                .object([
                    ("objects", .array(rendered)),
                    ("hasMoreItems", .bool(skip + page.count < children.count)),
                    ("numItems", .int(children.count)),
                ]))
        case "parents":
            guard let parentId = object.parentId else { return json(.array([])) }
            let parent = try await repository.object(id: parentId)
            return json(
                .array([
                    .object([
                        ("object", await objectJSON(parent, succinct: succinct, allowableActions: allowable)),
                        ("relativePathSegment", .string(object.name)),
                    ])
                ]))
        case "parent":
            guard let parentId = object.parentId else {
                throw CMISTestError.invalidArgument("Der Wurzelordner hat keinen Elternordner")
            }
            let parent = try await repository.object(id: parentId)
            return json(await objectJSON(parent, succinct: succinct, allowableActions: allowable))
        case "content":
            guard let content = object.content else {
                throw CMISTestError.constraint("Das Objekt hat keinen Inhalt")
            }
            var headers = HTTPFields()
            headers[.contentType] = object.mimeType ?? "application/octet-stream"
            let fileName =
                (object.fileName ?? object.name).addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                ?? "content"
            headers[.contentDisposition] = "attachment; filename*=UTF-8''\(fileName)"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: content)))
        case let selector:
            throw CMISTestError.notSupported("cmisselector=\(selector) wird nicht unterstützt")
        }
    }

    private func targetFolderId(form: CMISTestForm, path: String) async throws -> String {
        if let id = form["objectId"] ?? form["folderId"] { return id }
        return try await repository.object(path: path).id
    }

    private func objectPost(path: String, form: CMISTestForm, user: String) async throws -> Response {
        guard let action = form["cmisaction"] else { throw CMISTestError.invalidArgument("cmisaction fehlt") }
        let succinct = Self.flag(form["succinct"])
        switch action {
        case "createFolder", "createDocument":
            let parentId = try await targetFolderId(form: form, path: path)
            let properties = try form.properties()
            let created =
                action == "createFolder"
                ? try await repository.createFolder(parentId: parentId, properties: properties, user: user)
                : try await repository.createDocument(
                    parentId: parentId, properties: properties, content: form.content, user: user)
            var response = json(
                await objectJSON(created, succinct: succinct, allowableActions: false), status: .created)
            response.headers[.location] = "\(server.rootFolderURL)?objectId=\(created.id)"
            return response
        case "update", "updateProperties":
            let id = try await objectId(form: form, path: path)
            let updated = try await repository.updateProperties(
                id: id, properties: try form.properties(), addSecondary: form.indexedValues("addSecondaryTypeId"),
                removeSecondary: form.indexedValues("removeSecondaryTypeId"), changeToken: form["changeToken"])
            return json(await objectJSON(updated, succinct: succinct, allowableActions: false))
        case "setContent":
            let id = try await objectId(form: form, path: path)
            guard let content = form.content else { throw CMISTestError.invalidArgument("Inhalt fehlt") }
            let before = try await repository.object(id: id)
            let updated = try await repository.setContent(
                id: id, content: content, overwrite: form["overwriteFlag"]?.lowercased() != "false")
            return json(
                await objectJSON(updated, succinct: succinct, allowableActions: false),
                status: before.content == nil ? .created : .ok)
        case "delete", "deleteTree":
            let id = try await objectId(form: form, path: path)
            try await repository.delete(id: id, tree: action == "deleteTree")
            return Response(status: .ok)
        case "query":
            return try await runQuery(form.fields)
        default:
            throw CMISTestError.notSupported("cmisaction=\(action) wird nicht unterstützt")
        }
    }

    private func objectId(form: CMISTestForm, path: String) async throws -> String {
        if let id = form["objectId"] { return id }
        return try await repository.object(path: path).id
    }

    // MARK: - JSON

    private func objectJSON(
        _ object: CMISTestRepository.StoredObject,
        properties given: [(CMISTestPropertyDefinition, CMISTestJSON)]? = nil,
        succinct: Bool, allowableActions: Bool
    ) async -> CMISTestJSON {
        let properties: [(CMISTestPropertyDefinition, CMISTestJSON)]
        if let given {
            properties = given
        } else {
            properties = await repository.properties(of: object)
        }
        var members: [(String, CMISTestJSON)]
        if succinct {
            members = [("succinctProperties", .object(properties.map { ($0.0.id, $0.1) }))]
        } else {
            members = [("properties", .object(properties.map { ($0.0.id, Self.propertyJSON($0.0, $0.1)) }))]
        }
        if allowableActions { members.append(("allowableActions", Self.allowableActions(object))) }
        return .object(members)
    }

    /// A boolean parameter (`true`, `True`, `TRUE`).
    static func flag(_ value: String?) -> Bool { value?.lowercased() == "true" }

    static func propertyJSON(_ definition: CMISTestPropertyDefinition, _ value: CMISTestJSON) -> CMISTestJSON {
        .object([
            ("id", .string(definition.id)),
            ("localName", .string(definition.localName)),
            ("displayName", .string(definition.displayName ?? definition.id)),
            ("queryName", .string(definition.id)),
            ("type", .string(definition.type.rawValue)),
            ("cardinality", .string(definition.multi ? "multi" : "single")),
            ("value", value),
        ])
    }

    static func allowableActions(_ object: CMISTestRepository.StoredObject) -> CMISTestJSON {
        let folder = object.baseTypeId == "cmis:folder"
        let root = object.parentId == nil
        let actions: [(String, Bool)] = [
            ("canDeleteObject", !root),
            ("canUpdateProperties", !root),
            ("canGetFolderTree", false),
            ("canGetProperties", true),
            ("canGetObjectRelationships", false),
            ("canGetObjectParents", !root),
            ("canGetFolderParent", folder && !root),
            ("canGetDescendants", false),
            ("canMoveObject", false),
            ("canDeleteContentStream", false),
            ("canCheckOut", false),
            ("canCancelCheckOut", false),
            ("canCheckIn", false),
            ("canSetContentStream", !folder),
            ("canGetAllVersions", false),
            ("canAddObjectToFolder", false),
            ("canRemoveObjectFromFolder", false),
            ("canGetContentStream", !folder && object.content != nil),
            ("canApplyPolicy", false),
            ("canGetAppliedPolicies", false),
            ("canRemovePolicy", false),
            ("canGetChildren", folder),
            ("canCreateDocument", folder),
            ("canCreateFolder", folder),
            ("canCreateRelationship", false),
            ("canCreateItem", false),
            ("canDeleteTree", folder && !root),
            ("canGetRenditions", false),
            ("canGetACL", false),
            ("canApplyACL", false),
        ]
        return .object(actions.map { ($0.0, .bool($0.1)) })
    }

    private func json(_ value: CMISTestJSON, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }
}
