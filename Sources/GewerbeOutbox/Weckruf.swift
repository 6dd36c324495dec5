import Synchronization

/// The wake-up signal of an outbox worker: ``wecken()`` ends a pending ``warte(hoechstens:)`` at
/// once (or the next one, if nobody waits right now); ``beenden()`` ends every wait for good.
public final class Weckruf: Sendable {
    private struct Zustand {
        var signal = false
        var beendet = false
        var wartende: [Int: CheckedContinuation<Void, Never>] = [:]
        var naechsteNummer = 0
    }
    private let zustand = Mutex(Zustand())

    public init() {}

    public var istBeendet: Bool { zustand.withLock { $0.beendet } }

    public func wecken() {
        let fortsetzungen = zustand.withLock { zustand -> [CheckedContinuation<Void, Never>] in
            if zustand.wartende.isEmpty {
                zustand.signal = true
                return []
            }
            defer { zustand.wartende = [:] }
            return Array(zustand.wartende.values)
        }
        for fortsetzung in fortsetzungen { fortsetzung.resume() }
    }

    public func beenden() {
        let fortsetzungen = zustand.withLock { zustand -> [CheckedContinuation<Void, Never>] in
            zustand.beendet = true
            defer { zustand.wartende = [:] }
            return Array(zustand.wartende.values)
        }
        for fortsetzung in fortsetzungen { fortsetzung.resume() }
    }

    /// Waits until woken, ended, cancelled, or `dauer` has passed.
    public func warte(hoechstens dauer: Duration) async {
        let sofort = zustand.withLock { zustand -> Bool in
            guard zustand.signal || zustand.beendet else { return false }
            zustand.signal = false
            return true
        }
        if sofort { return }
        await withTaskGroup(of: Void.self) { gruppe in
            gruppe.addTask { try? await Task.sleep(for: dauer) }
            gruppe.addTask { await self.warteAufSignal() }
            await gruppe.next()
            gruppe.cancelAll()
        }
    }

    private func warteAufSignal() async {
        let nummer = zustand.withLock { zustand -> Int in
            defer { zustand.naechsteNummer += 1 }
            return zustand.naechsteNummer
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (fortsetzung: CheckedContinuation<Void, Never>) in
                let sofort = zustand.withLock { zustand -> Bool in
                    if zustand.signal || zustand.beendet || Task.isCancelled {
                        zustand.signal = false
                        return true
                    }
                    zustand.wartende[nummer] = fortsetzung
                    return false
                }
                if sofort { fortsetzung.resume() }
            }
        } onCancel: {
            let fortsetzung = zustand.withLock { $0.wartende.removeValue(forKey: nummer) }
            fortsetzung?.resume()
        }
    }
}
