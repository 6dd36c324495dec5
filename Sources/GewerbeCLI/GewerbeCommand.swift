import ArgumentParser
import Foundation

/// The `gewerbe` command: one binary, one subcommand per job.
@available(macOS 15, *)
public struct GewerbeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gewerbe",
        abstract: "Gewerbe-Fachverfahren: Gewerbeanzeigen nach § 14 GewO (GewA 1/2/3) erfassen, prüfen und ablegen.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, TenantsCommand.self, TokensCommand.self, AuditCommand.self,
            ValidateCommand.self,
            RulesCommand.self,
        ]
    )

    public init() {}
}

/// Entry point for the executable: parses the arguments and runs the chosen subcommand.
public enum GewerbeEinstieg {
    public static func starten() async {
        await GewerbeCommand.main()
    }
}
