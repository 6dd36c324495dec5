import Dispatch
import Foundation

/// Running external programs (`initdb`, `pg_ctl`, `runuser`) with Foundation's `Process`.
/// The blocking wait happens on a Dispatch queue, not on the Swift concurrency pool.
package enum Command {
    struct Result: Sendable {
        var status: Int32
        /// Standard output and standard error, interleaved.
        var output: String
    }

    /// Runs `executable` with `arguments` and waits for it to finish.
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        directory: String? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(
                        returning: try runBlocking(
                            executable, arguments, environment: environment, directory: directory))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs a program and blocks the calling thread until it exits.
    ///
    /// Uses `posix_spawn` rather than Foundation's `Process`: the child must inherit no descriptor
    /// but stdin/stdout/stderr. `pg_ctl start` leaves a daemon behind, and `Process` on Linux
    /// waits until every holder of a socket it passes to the child has exited, i.e. forever.
    static func runBlocking(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        directory: String? = nil
    ) throws -> Result {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, environment: environment, directory: directory, output: fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS; a signal shows as 128 + signal number, as in shells.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus, output: String(decoding: output, as: UTF8.self))
    }

    /// Starts a program that this process does not wait for (stdin, stdout and stderr on
    /// /dev/null, no other descriptors inherited). Returns its pid.
    @discardableResult
    package static func spawnDetached(_ executable: String, _ arguments: [String]) throws -> Int32 {
        try spawn(executable, arguments, environment: nil, directory: nil, output: nil)
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String]?, directory: String?, output: Int32?
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Close everything else in the child (glibc ignores descriptors that are not open).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        for descriptor in open ?? Array(3..<1024) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // posix_spawn_file_actions_addchdir_np is not visible to Swift; coreutils' env changes directory.
        let words = directory.map { ["/usr/bin/env", "-C", $0, executable] + arguments } ?? [executable] + arguments
        let environmentList = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = words.map { strdup($0) } + [nil]
        let envp = environmentList.map { strdup($0) } + [nil]
        defer {
            for zeiger in argv + envp { free(zeiger) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, words[0], &actions, nil, argv, envp)
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

/// Random text from a cryptographically secure generator (`SystemRandomNumberGenerator` reads the
/// kernel's CSPRNG).
enum RandomText {
    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `count` characters drawn uniformly from [0-9A-Za-z].
    static func base62(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in base62[Int.random(in: 0..<62, using: &generator)] })
    }

    /// A lowercase identifier suffix, e.g. for database names.
    static func lowercase(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
    }
}
