import Foundation
import Synchronization

/// Progress of a long run on standard error: on a terminal one line that updates itself four
/// times a second (count, rate, elapsed time); elsewhere, when asked for (`--fortschritt`), a
/// plain line every two seconds. Standard output stays for the result.
final class Fortschritt: Sendable {
    /// Whether standard error is a terminal.
    static var stderrIstTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    let aktiv: Bool
    let terminal: Bool
    let titel: String
    let einheit: String
    private let stand = Mutex<(anzahl: Int, start: ContinuousClock.Instant)>((0, .now))

    /// - Parameters:
    ///   - erzwungen: `--fortschritt`: show progress even when standard error is no terminal.
    init(titel: String, einheit: String, erzwungen: Bool) {
        terminal = Self.stderrIstTerminal
        aktiv = terminal || erzwungen
        self.titel = titel
        self.einheit = einheit
    }

    /// Records the count reached so far (called by the work, from any task).
    func melde(_ anzahl: Int) { stand.withLock { $0.anzahl = anzahl } }

    /// Runs `arbeit`, showing progress beside it until it ends (a child task that only prints).
    func begleite<Ergebnis: Sendable>(_ arbeit: () async throws -> Ergebnis) async throws -> Ergebnis {
        guard aktiv else { return try await arbeit() }
        stand.withLock { $0 = (0, .now) }
        let takt: Duration = terminal ? .milliseconds(250) : .seconds(2)
        return try await withThrowingTaskGroup(of: Void.self) { gruppe in
            gruppe.addTask { [self] in
                while !Task.isCancelled {
                    try await Task.sleep(for: takt)
                    zeige(abschluss: false)
                }
            }
            do {
                let ergebnis = try await arbeit()
                gruppe.cancelAll()
                zeige(abschluss: true)
                return ergebnis
            } catch {
                gruppe.cancelAll()
                if terminal { Self.schreibe("\n") }
                throw error
            }
        }
    }

    private func zeige(abschluss: Bool) {
        let (anzahl, start) = stand.withLock { $0 }
        let sekunden =
            max(Double((ContinuousClock.now - start).components.seconds), 0)
            + Double((ContinuousClock.now - start).components.attoseconds) / 1e18
        var text = "\(titel): \(Self.tausender(anzahl)) \(einheit)"
        if anzahl > 0, sekunden >= 1 { text += " (\(Self.tausender(Int(Double(anzahl) / sekunden)))/s)" }
        text += String(format: ", %.1f s", sekunden)
        if abschluss { text += " – fertig" }
        Self.schreibe(terminal ? "\r\u{1B}[2K\(text)\(abschluss ? "\n" : "")" : "\(text)\n")
    }

    /// `1234567` as `1.234.567`.
    static func tausender(_ zahl: Int) -> String {
        let ziffern = Array(String(abs(zahl)))
        var text = ""
        for (index, ziffer) in ziffern.enumerated() {
            if index > 0 && (ziffern.count - index) % 3 == 0 { text.append(".") }
            text.append(ziffer)
        }
        return (zahl < 0 ? "-" : "") + text
    }

    static func schreibe(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
