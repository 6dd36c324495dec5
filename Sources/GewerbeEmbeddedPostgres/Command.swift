import Foundation
import Subprocess
import SystemPackage

/// Running external programs (`initdb`, `pg_ctl`, `runuser`, `postgres --version`) with
/// swift-subprocess: the child inherits no descriptor but stdin/stdout/stderr (`pg_ctl start`
/// leaves a daemon behind that must not hold our pipe), its output is collected without blocking
/// a thread of the concurrency pool.
package enum Command {
    struct Result: Sendable {
        var status: Int32
        /// Standard output and standard error, interleaved.
        var output: String
    }

    /// The most output collected from one program (initdb and pg_ctl print a few KiB).
    static let maxAusgabe = 1 << 20

    /// Runs `executable` with `arguments` and waits for it to finish. Standard input is empty;
    /// standard error is merged into the output. A signal shows as 128 + signal number, as in
    /// shells.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        directory: String? = nil
    ) async throws -> Result {
        let umgebung: Environment =
            environment.map { werte in
                .custom(
                    Dictionary(
                        uniqueKeysWithValues: werte.compactMap { eintrag in
                            Environment.Key(rawValue: eintrag.key).map { ($0, eintrag.value) }
                        }))
            } ?? .inherit
        let ergebnis = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: umgebung,
            workingDirectory: directory.map { FilePath($0) }, input: .none, output: .string(limit: maxAusgabe),
            error: .combinedWithOutput)
        let status: Int32 =
            switch ergebnis.terminationStatus {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        return Result(status: status, output: ergebnis.standardOutput)
    }

    /// Starts a program that this process does not wait for (stdin, stdout and stderr on
    /// /dev/null, no other descriptors inherited). Returns its pid. swift-subprocess has no such
    /// call (its `run` waits for the child), so this one stays on `posix_spawn` (ADR 0011); the
    /// test support's exit watchdog is its only user.
    @discardableResult
    package static func spawnDetached(_ executable: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Close everything else in the child (glibc ignores descriptors that are not open).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        for descriptor in open ?? Array(3..<1024) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let words = [executable] + arguments
        let environmentList = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = words.map { strdup($0) } + [nil]
        let envp = environmentList.map { strdup($0) } + [nil]
        defer {
            for zeiger in argv + envp { free(zeiger) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        return pid
    }

    /// Quotes a word for `/bin/sh` (single quotes; embedded single quotes escaped).
    package static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The first executable among `candidates`.
    static func firstExecutable(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
