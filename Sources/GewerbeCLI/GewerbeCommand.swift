import ArgumentParser
import Foundation
import GewerbePostgres

/// The `gewerbe` command: one binary, one subcommand per job.
@available(macOS 15, *)
public struct GewerbeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gewerbe",
        abstract: "Gewerbe-Fachverfahren: Gewerbeanzeigen nach § 14 GewO (GewA 1/2/3) erfassen, prüfen und ablegen.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, TenantsCommand.self, TokensCommand.self, AuditCommand.self,
            FilingCommand.self, TransmissionsCommand.self, ExportCommand.self, ReportCommand.self,
            ValidateCommand.self,
            RulesCommand.self, BenchCommand.self,
        ]
    )

    public init() {}
}

/// Entry point for the executable: parses the arguments and runs the chosen subcommand.
public enum GewerbeEinstieg {
    public static func starten() async {
        do {
            var befehl = try GewerbeCommand.parseAsRoot()
            if var asynchron = befehl as? any AsyncParsableCommand {
                try await asynchron.run()
            } else {
                try befehl.run()
            }
        } catch {
            // Database errors describe themselves generically (to keep data out of logs); an
            // operator at the command line needs the SQLSTATE and message.
            if !(error is ExitCode), !(error is CleanExit), String(describing: type(of: error)) == "PSQLError" {
                FileHandle.standardError.write(Data("Fehler der Datenbank: \(PostgresErrors.describe(error))\n".utf8))
                GewerbeCommand.exit(withError: ExitCode.failure)
            }
            GewerbeCommand.exit(withError: error)
        }
    }
}
