import PostgresNIO

/// Readable text and codes of PostgreSQL errors. `PSQLError.description` hides the server's
/// message on purpose (it may contain data); these helpers expose it where we decide to.
public enum PostgresErrors {
    /// The SQLSTATE of a server error (e.g. `23505` unique violation, `40001` serialization
    /// failure, `42501` insufficient privilege), or nil for other errors.
    public static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The constraint named in a server error (e.g. for unique violations).
    public static func constraint(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.constraintName]
    }

    /// `SQLSTATE: message (detail; hint)` for server errors, the error's description otherwise.
    public static func describe(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else { return String(describing: error) }
        guard let info = psql.serverInfo, let message = info[.message] else {
            let underlying = psql.underlying.map { ": \($0)" } ?? ""
            return "PostgreSQL client error \(psql.code)\(underlying)"
        }
        var text = "\(info[.sqlState] ?? "?????"): \(message)"
        let extra = [info[.detail], info[.hint].map { "hint: \($0)" }, info[.locationContext]].compactMap { $0 }
        if !extra.isEmpty { text += " (\(extra.joined(separator: "; ")))" }
        return text
    }
}
