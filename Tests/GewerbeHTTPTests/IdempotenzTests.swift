import Foundation
import GewerbeDomain
import GewerbeHTTP
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `Idempotency-Key` on submissions: a repeat returns the first result, a different body is 409,
/// concurrent duplicates create one case.
@Suite("Idempotenz")
struct IdempotenzTests {
    let intake = TestUmgebung.token(.intake)

    @Test func wiederholungLiefertDasErsteErgebnis() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let body = jsonText(Beispiel.anmeldung())
            let erste = try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: body, kopf: [idempotencyKey: "civento-1"])
            #expect(erste.status == .created)
            #expect(erste.headers[idempotentReplayed] == nil)
            // The same document, formatted differently, is the same submission.
            let umformatiert = anzeigeText(Beispiel.anmeldung())
            let zweite = try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: umformatiert, kopf: [idempotencyKey: "civento-1"])
            #expect(zweite.status == .created)
            #expect(zweite.headers[idempotentReplayed] == "true")
            #expect(zweite.headers[.location] == erste.headers[.location])
            #expect(zweite.headers[.eTag] == erste.headers[.eTag])
            #expect(zweite.text == erste.text, "gleicher Inhalt")
            #expect(await umgebung.speicher.anzahlFaelle() == 1)
        }
    }

    @Test func andererInhaltUnterGleichemSchluesselIst409() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let erste = try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: jsonText(Beispiel.anmeldung()), kopf: [idempotencyKey: "k"])
            #expect(erste.status == .created)
            let andere = try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: jsonText(Beispiel.anmeldung(strasse: "Ring")),
                kopf: [idempotencyKey: "k"])
            try andere.erwarteProblem(.conflict, "idempotenz-konflikt")
            #expect(await umgebung.speicher.anzahlFaelle() == 1)
        }
    }

    @Test func gleichzeitigeDuplikateErgebenEinenFall() async throws {
        let umgebung = TestUmgebung()
        let body = jsonText(Beispiel.anmeldung())
        let antworten = try await umgebung.mitClient { client in
            try await withThrowingTaskGroup(of: Antwort.self) { gruppe in
                for _ in 0..<20 {
                    gruppe.addTask {
                        try await client.senden(
                            .post, "/v1/anzeigen", token: intake, json: body, kopf: [idempotencyKey: "gleichzeitig"])
                    }
                }
                var alle: [Antwort] = []
                for try await antwort in gruppe { alle.append(antwort) }
                return alle
            }
        }
        #expect(antworten.allSatisfy { $0.status == .created })
        #expect(Set(antworten.compactMap { $0.headers[.location] }).count == 1)
        #expect(antworten.filter { $0.headers[idempotentReplayed] == nil }.count == 1, "genau eine Erstanlage")
        #expect(await umgebung.speicher.anzahlFaelle() == 1)
    }

    @Test func abgelehnteEinreichungVerbrauchtDenSchluesselNicht() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            var falsch = Beispiel.anmeldung()
            falsch.betriebsstaette = nil
            try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: jsonText(falsch), kopf: [idempotencyKey: "k2"]
            )
            .erwarteProblem(.unprocessableContent, "validierung")
            let richtig = try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: jsonText(Beispiel.anmeldung()), kopf: [idempotencyKey: "k2"]
            )
            #expect(richtig.status == .created)
            #expect(richtig.headers[idempotentReplayed] == nil)
        }
    }
}
