import Foundation

/// Configuration of the CMIS 1.1 browser-binding adapter for one municipality's eAkte.
public struct CMISAblageConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The browser binding service URL, e.g.
    /// `https://dms.example/alfresco/api/-default-/public/cmis/versions/1.1/browser`.
    /// Must not contain credentials (use ``credentials``).
    public var browserURL: String
    /// The repository to use; `nil` takes the only repository the service offers (an error if
    /// it offers several).
    public var repositoryId: String?
    /// The folder below which the adapter files, e.g. `/Gewerbe`; created if missing.
    public var rootPath: String
    /// HTTP Basic credentials (from the configuration file or the environment), or `nil`.
    public var credentials: HTTPCredentials?
    /// Deadline of one HTTP request including its response body.
    public var requestTimeout: Duration
    /// The secondary type and property ids for custom metadata.
    public var schema: CMISMetadatenSchema
    /// `false` never uses a secondary type, even if the repository offers one (names and
    /// descriptions only).
    public var useSecondaryType: Bool
    /// Downloads every newly filed document and compares its SHA-256 (one extra GET per
    /// document); without it, only the content length the repository reports is checked.
    public var verifyContentAfterUpload: Bool
    /// Largest response body the adapter reads (documents it downloads to verify them).
    public var maxResponseBytes: Int

    public init(
        browserURL: String, repositoryId: String? = nil, rootPath: String = "/Gewerbe",
        credentials: HTTPCredentials? = nil, requestTimeout: Duration = .seconds(30),
        schema: CMISMetadatenSchema = CMISMetadatenSchema(), useSecondaryType: Bool = true,
        verifyContentAfterUpload: Bool = true, maxResponseBytes: Int = 256 << 20
    ) {
        self.browserURL = browserURL
        self.repositoryId = repositoryId
        self.rootPath = rootPath
        self.credentials = credentials
        self.requestTimeout = requestTimeout
        self.schema = schema
        self.useSecondaryType = useSecondaryType
        self.verifyContentAfterUpload = verifyContentAfterUpload
        self.maxResponseBytes = maxResponseBytes
    }

    /// Without the password.
    public var description: String {
        "CMISAblageConfiguration(browserURL: \(browserURL), repositoryId: \(repositoryId ?? "-"), "
            + "rootPath: \(rootPath), credentials: \(credentials.map { "\($0)" } ?? "-"))"
    }
}

/// The secondary type that carries the Fachverfahren's metadata in a CMIS repository, and the
/// ids of its properties. The adapter reads the type definition once and writes only the
/// properties the repository actually defines; every field without a property goes into
/// `cmis:description` instead.
public struct CMISMetadatenSchema: Sendable, Hashable {
    public var secondaryTypeId: String
    /// Property id per field (fields without an entry are never written as properties).
    public var propertyIds: [AblageFeld: String]

    public init(
        secondaryTypeId: String = "gewerbe:metadaten",
        propertyIds: [AblageFeld: String] = [
            .aktenzeichen: "gewerbe:aktenzeichen", .ags: "gewerbe:ags", .betriebId: "gewerbe:betriebId",
            .anzeigeId: "gewerbe:anzeigeId", .meldeart: "gewerbe:meldeart", .eingangsdatum: "gewerbe:eingangsdatum",
            .sha256: "gewerbe:sha256", .dokumentart: "gewerbe:dokumentart", .status: "gewerbe:status",
        ]
    ) {
        self.secondaryTypeId = secondaryTypeId
        self.propertyIds = propertyIds
    }
}
