import Foundation

/// User name and password for HTTP Basic authentication against an eAkte.
///
/// The password never appears in logs, error messages or descriptions: `description` and
/// `debugDescription` print `***` instead, and the adapters send it only in the
/// `Authorization` header (which they never log).
public struct HTTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Reads credentials from an environment dictionary (pass `ProcessInfo.processInfo.environment`
    /// once, where the configuration is read). Returns `nil` unless both variables are set and the
    /// user is not empty.
    public static func fromEnvironment(
        _ environment: [String: String], userVariable: String, passwordVariable: String
    ) -> HTTPCredentials? {
        guard let user = environment[userVariable], !user.isEmpty, let password = environment[passwordVariable]
        else { return nil }
        return HTTPCredentials(user: user, password: password)
    }

    /// The value of the `Authorization` header.
    var authorizationHeader: String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    public var description: String { "HTTPCredentials(user: \(user), password: ***)" }
    public var debugDescription: String { description }
}
