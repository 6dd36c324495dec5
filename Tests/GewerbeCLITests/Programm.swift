import Foundation
import GewerbeTestSupport
import Testing

/// Runs the real `gewerbe` binary that `swift build` / `swift test` built.
enum Programm {
    /// The package root (the folder with Package.swift).
    static let paketwurzel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Lauf: CustomStringConvertible {
        let status: Int32
        let ausgabe: String
        let fehlerausgabe: String
        var description: String { "Status \(status)\n\(ausgabe)\n\(fehlerausgabe)" }
    }

    /// Runs `gewerbe` with `argumente` in the package root, optionally with `eingabe` on stdin
    /// and extra environment variables (`umgebung`, e.g. `DATABASE_URL`).
    /// Output goes to files, so that large outputs cannot block the child on a full pipe.
    static func starte(_ argumente: [String], eingabe: Data? = nil, umgebung: [String: String] = [:]) throws -> Lauf {
        let ordner = FileManager.default.temporaryDirectory.appendingPathComponent("gewerbe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: ordner) }
        let aus = ordner.appendingPathComponent("stdout")
        let err = ordner.appendingPathComponent("stderr")
        let ein = ordner.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: aus.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        _ = FileManager.default.createFile(atPath: ein.path, contents: eingabe ?? Data())

        let prozess = Process()
        prozess.executableURL = try GewerbeServerProzess.binaerpfad()
        prozess.arguments = argumente
        prozess.currentDirectoryURL = paketwurzel
        if !umgebung.isEmpty {
            prozess.environment = ProcessInfo.processInfo.environment.merging(umgebung) { _, neu in neu }
        }
        let ausHandle = try FileHandle(forWritingTo: aus)
        let errHandle = try FileHandle(forWritingTo: err)
        let einHandle = try FileHandle(forReadingFrom: ein)
        prozess.standardOutput = ausHandle
        prozess.standardError = errHandle
        prozess.standardInput = einHandle
        try prozess.run()
        prozess.waitUntilExit()
        try ausHandle.close()
        try errHandle.close()
        try einHandle.close()
        return Lauf(
            status: prozess.terminationStatus,
            ausgabe: try String(contentsOf: aus, encoding: .utf8),
            fehlerausgabe: try String(contentsOf: err, encoding: .utf8))
    }
}
