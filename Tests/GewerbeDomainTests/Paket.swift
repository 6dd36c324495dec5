import Foundation

/// Paths of the package, found from this source file (tests run from the package checkout).
enum Paket {
    /// The package root (the folder with Package.swift).
    static let wurzel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func datei(_ pfad: String) -> URL { wurzel.appendingPathComponent(pfad) }

    static func text(_ pfad: String) throws -> String { try String(contentsOf: datei(pfad), encoding: .utf8) }
}
