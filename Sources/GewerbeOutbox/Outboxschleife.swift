/// The claim loop of an outbox worker (filing, transmission): keeps up to `parallel` jobs in
/// work, claims more as jobs finish, polls every `pollIntervall` and at once when ``Weckruf``
/// rings. On ``Weckruf/beenden()`` (graceful shutdown) it claims nothing more and lets the jobs
/// in flight finish; on cancellation they are cancelled too (and release their jobs). It starts
/// no detached or unstructured tasks.
public enum Outboxschleife {
    enum Ereignis: Sendable {
        case fertig
        case geweckt
    }

    /// Runs until `weckruf` is ended or the task is cancelled.
    /// - Parameters:
    ///   - beanspruche: claims up to the given number of due jobs.
    ///   - bearbeite: works on one claimed job (records its outcome itself).
    ///   - beanspruchenFehlgeschlagen: called when claiming failed (the loop waits for the next poll).
    ///   - inArbeit: called with the number of jobs in flight whenever it changes (a gauge).
    public static func laufe<Vorlage: Sendable>(
        parallel: Int, pollIntervall: Duration, weckruf: Weckruf,
        beanspruche: @escaping @Sendable (Int) async throws -> [Vorlage],
        bearbeite: @escaping @Sendable (Vorlage) async -> Void,
        beanspruchenFehlgeschlagen: @escaping @Sendable (any Error) -> Void,
        inArbeit: @escaping @Sendable (Int) -> Void = { _ in }
    ) async {
        await withTaskGroup(of: Ereignis.self) { gruppe in
            var laufend = 0
            var wartet = false
            while !weckruf.istBeendet && !Task.isCancelled {
                if laufend < parallel {
                    do {
                        let vorlagen = try await beanspruche(parallel - laufend)
                        for vorlage in vorlagen {
                            gruppe.addTask {
                                await bearbeite(vorlage)
                                return .fertig
                            }
                        }
                        laufend += vorlagen.count
                        inArbeit(laufend)
                    } catch {
                        beanspruchenFehlgeschlagen(error)
                    }
                }
                if !wartet {
                    gruppe.addTask {
                        await weckruf.warte(hoechstens: pollIntervall)
                        return .geweckt
                    }
                    wartet = true
                }
                guard let ereignis = await gruppe.next() else { break }
                switch ereignis {
                case .fertig:
                    laufend -= 1
                    inArbeit(laufend)
                case .geweckt:
                    wartet = false
                }
            }
            // Shutdown: claim nothing more, end the wait, let the jobs in flight finish.
            weckruf.beenden()
            while let ereignis = await gruppe.next() {
                if case .fertig = ereignis {
                    laufend -= 1
                    inArbeit(laufend)
                }
            }
        }
    }
}
