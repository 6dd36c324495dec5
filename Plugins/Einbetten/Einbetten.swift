import Foundation
import PackagePlugin

/// Embeds the project's data files into the targets that carry them, at build time: the code lists
/// (CSV) into GewerbeDomain, the migrations (`sql/migrations`) into GewerbePostgres, the OpenAPI
/// document into GewerbeHTTP, the XGewO schema bundles (`schemas/xgewo`) into GewerbeXGewO. Nothing generated is checked in (ADR 0009); the files themselves are
/// the only copy, and the `einbetten` tool writes them as raw-string literals into the build folder.
@main
struct Einbetten: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let paket = context.package.directoryURL
        let art: String
        let eingaben: [URL]
        switch target.name {
        case "GewerbeDomain":
            art = "codelisten"
            eingaben = try dateien(in: target.directoryURL.appending(path: "Codelisten/csv"), endung: "csv")
        case "GewerbePostgres":
            art = "migrationen"
            eingaben = try dateien(in: paket.appending(path: "sql/migrations"), endung: "sql")
        case "GewerbeHTTP":
            art = "openapi"
            eingaben = [paket.appending(path: "docs/openapi.yaml")]
        case "GewerbeXGewO":
            art = "schemata"
            eingaben = try baum(paket.appending(path: "schemas/xgewo"), endungen: ["xsd", "csv"])
        default:
            Diagnostics.error("Einbetten kennt das Ziel \(target.name) nicht")
            return []
        }
        let ausgabe = context.pluginWorkDirectoryURL.appending(path: "Eingebettet+\(art).swift")
        return [
            .buildCommand(
                displayName: "Einbetten (\(art)) in \(target.name)",
                executable: try context.tool(named: "einbetten").url,
                arguments: [art, ausgabe.path] + eingaben.map(\.path),
                inputFiles: eingaben,
                outputFiles: [ausgabe]
            )
        ]
    }

    /// The files below a folder (every depth) with one of the extensions, sorted by path.
    private func baum(_ ordner: URL, endungen: Set<String>) throws -> [URL] {
        let pfade = FileManager.default.enumerator(atPath: ordner.path)?.compactMap { $0 as? String } ?? []
        return pfade.filter { endungen.contains(URL(fileURLWithPath: $0).pathExtension) }.sorted()
            .map { ordner.appending(path: $0) }
    }

    /// The files of a folder with the given extension, sorted by name (the tool's output is stable).
    private func dateien(in ordner: URL, endung: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: ordner.path)
            .filter { $0.hasSuffix(".\(endung)") }
            .sorted()
            .map { ordner.appending(path: $0) }
    }
}
