import Foundation
import GewerbeDomain
import GewerbeHTTP
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The happy path of every endpoint, and the case work around it.
@Suite("Endpunkte")
struct EndpunktTests {
    let sb = TestUmgebung.token(.sachbearbeitung)

    @Test func einreichenLiefert201MitAktenzeichenLocationEtagUndHinweisen() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            // A Beginn 30 days ahead is a hinweis (GEW-DAT-*), not a fehler.
            var anzeige = Beispiel.anmeldung()
            anzeige.beginn = TestUmgebung.heute.plusTage(30)
            let antwort = try await client.senden(.post, "/v1/anzeigen", token: sb, json: jsonText(anzeige))
            #expect(antwort.status == .created, "\(antwort.text)")
            #expect(antwort.contentType == "application/json; charset=utf-8")
            let json = try antwort.json
            let id = try #require(json["id"] as? String)
            #expect(json["aktenzeichen"] as? String == "06636011-2026-00001")
            #expect(json["meldeart"] as? String == "anmeldung")
            #expect(json["version"] as? Int == 1)
            #expect(json["revision"] as? Int == 1)
            #expect(json["betriebId"] is String)
            #expect(json["empfangsbescheinigungFaellig"] as? String == "2026-11-23")
            #expect(antwort.headers[.location] == "/v1/anzeigen/\(id)")
            #expect(antwort.headers[.eTag] == json["etag"] as? String)
            #expect(antwort.headers[.eTag] == "\"\(id.lowercased())-r1\"")
            let hinweise = try #require(json["hinweise"] as? [[String: any Sendable]])
            #expect(!hinweise.isEmpty, "Vorlauf von 30 Tagen ergibt einen Hinweis")
            #expect(hinweise.allSatisfy { $0["schwere"] as? String == "hinweis" && $0["regel"] is String })
            #expect(antwort.headers[xRequestId]?.isEmpty == false)

            let gelesen = try await client.senden(.get, "/v1/anzeigen/\(id)", token: sb)
            #expect(gelesen.status == .ok)
            #expect(gelesen.headers[.eTag] == antwort.headers[.eTag])
            #expect(try gelesen.json["aktenzeichen"] as? String == "06636011-2026-00001")
            let versionen = try #require(try gelesen.json["versionen"] as? [[String: any Sendable]])
            #expect(versionen.count == 1)
        }
    }

    @Test func umUndAbmeldungUndBetriebMitGeschichte() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let anmeldung = try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            let betriebId = try #require(try anmeldung.json["betriebId"] as? String)
            let uuid = try #require(UUID(uuidString: betriebId))
            let um = Testanzeigen.ummeldung(
                betriebId: uuid, eingang: TestUmgebung.heute, aenderung: TestUmgebung.heute.plusTage(2))
            let umAntwort = try await client.senden(.post, "/v1/anzeigen", token: sb, json: jsonText(um))
            #expect(umAntwort.status == .created, "\(umAntwort.text)")
            #expect(try umAntwort.json["aktenzeichen"] as? String == "06636011-2026-00002")
            let ab = Testanzeigen.abmeldung(
                betriebId: uuid, eingang: TestUmgebung.heute, aufgabe: TestUmgebung.heute.plusTage(3),
                strasse: "Bahnhofstraße",
                hausnummer: "7")
            let abAntwort = try await client.senden(.post, "/v1/anzeigen", token: sb, json: jsonText(ab))
            #expect(abAntwort.status == .created, "\(abAntwort.text)")
            #expect(try abAntwort.json["meldeart"] as? String == "abmeldung")

            let betrieb = try await client.senden(.get, "/v1/betriebe/\(betriebId)", token: sb)
            #expect(betrieb.status == .ok)
            let json = try betrieb.json
            let zustand = try #require(json["zustand"] as? [String: any Sendable])
            #expect(zustand["status"] as? String == "abgemeldet")
            let faelle = try #require(json["faelle"] as? [[String: any Sendable]])
            #expect(faelle.map { $0["meldeart"] as? String } == ["anmeldung", "ummeldung", "abmeldung"])
        }
    }

    @Test func berichtigungBrauchtIfMatch() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let anmeldung = try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            let id = try #require(try anmeldung.json["id"] as? String)
            let etag = try #require(anmeldung.headers[.eTag])
            var korrigiert = Beispiel.anmeldung()
            korrigiert.geschaeftsbezeichnung = "Schneiderei Weiß"
            let body = #"{"grund":"Schreibfehler im Namen","anzeige":\#(jsonText(korrigiert))}"#

            try await client.senden(.post, "/v1/anzeigen/\(id)/berichtigungen", token: sb, json: body)
                .erwarteProblem(.preconditionRequired, "vorbedingung-fehlt")
            let veraltet = try await client.senden(
                .post, "/v1/anzeigen/\(id)/berichtigungen", token: sb, json: body, kopf: [.ifMatch: "\"alt\""])
            let problem = try veraltet.erwarteProblem(.preconditionFailed, "veraltet")
            #expect(problem["aktuellesEtag"] as? String == etag)
            #expect(veraltet.headers[.eTag] == etag)

            let ok = try await client.senden(
                .post, "/v1/anzeigen/\(id)/berichtigungen", token: sb, json: body, kopf: [.ifMatch: etag])
            #expect(ok.status == .ok, "\(ok.text)")
            let json = try ok.json
            #expect(json["version"] as? Int == 2)
            #expect(json["revision"] as? Int == 2)
            #expect(ok.headers[.eTag] != etag)
            let versionen = try #require(json["versionen"] as? [[String: any Sendable]])
            #expect(versionen.last?["berichtigungsgrund"] as? String == "Schreibfehler im Namen")
            // The old ETag is now stale.
            try await client.senden(
                .post, "/v1/anzeigen/\(id)/berichtigungen", token: sb, json: body, kopf: [.ifMatch: etag]
            )
            .erwarteProblem(.preconditionFailed)
            // A correction with a fehler is 422 and changes nothing.
            var falsch = korrigiert
            falsch.betriebsstaette = nil
            let neuesEtag = try #require(ok.headers[.eTag])
            let abgelehnt = try await client.senden(
                .post, "/v1/anzeigen/\(id)/berichtigungen", token: sb,
                json: #"{"grund":"x","anzeige":\#(jsonText(falsch))}"#, kopf: [.ifMatch: neuesEtag])
            try abgelehnt.erwarteProblem(.unprocessableContent, "validierung")
            #expect(try await client.senden(.get, "/v1/anzeigen/\(id)", token: sb).headers[.eTag] == neuesEtag)
        }
    }

    @Test func ruecknahmeMitGrund() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let anmeldung = try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            let id = try #require(try anmeldung.json["id"] as? String)
            let etag = try #require(anmeldung.headers[.eTag])
            try await client.senden(.post, "/v1/anzeigen/\(id)/ruecknahme", token: sb, json: #"{"grund":"Irrtum"}"#)
                .erwarteProblem(.preconditionRequired)
            try await client.senden(
                .post, "/v1/anzeigen/\(id)/ruecknahme", token: sb, json: #"{}"#, kopf: [.ifMatch: etag]
            )
            .erwarteProblem(.badRequest, "eingabe-ungueltig")
            let ok = try await client.senden(
                .post, "/v1/anzeigen/\(id)/ruecknahme", token: sb, json: #"{"grund":"Doppelt erfasst"}"#,
                kopf: [.ifMatch: etag])
            #expect(ok.status == .ok, "\(ok.text)")
            #expect(try ok.json["status"] as? String == "zurueckgenommen")
            let ruecknahme = try #require(try ok.json["ruecknahme"] as? [String: any Sendable])
            #expect(ruecknahme["grund"] as? String == "Doppelt erfasst")
            let nochmal = try await client.senden(
                .post, "/v1/anzeigen/\(id)/ruecknahme", token: sb, json: #"{"grund":"x"}"#,
                kopf: [.ifMatch: ok.headers[.eTag] ?? ""])
            try nochmal.erwarteProblem(.conflict, "konflikt")
        }
    }

    @Test func ruecknahmeEinerAnmeldungMitFolgeanzeigenIstKonflikt() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let anmeldung = try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            let id = try #require(try anmeldung.json["id"] as? String)
            let betriebText = try #require(try anmeldung.json["betriebId"] as? String)
            let betriebId = try #require(UUID(uuidString: betriebText))
            let um = Testanzeigen.ummeldung(
                betriebId: betriebId, eingang: TestUmgebung.heute, aenderung: TestUmgebung.heute.plusTage(2))
            #expect(try await client.senden(.post, "/v1/anzeigen", token: sb, json: jsonText(um)).status == .created)
            let antwort = try await client.senden(
                .post, "/v1/anzeigen/\(id)/ruecknahme", token: sb, json: #"{"grund":"Irrtum"}"#,
                kopf: [.ifMatch: anmeldung.headers[.eTag] ?? ""])
            let problem = try antwort.erwarteProblem(.conflict, "konflikt")
            #expect((problem["detail"] as? String)?.contains("GEW-LZ-003") == true)
        }
    }

    @Test func empfangsbescheinigungUndArbeitslisten() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            var ids: [String] = []
            for strasse in ["Marktplatz", "Ring", "Weg"] {
                let antwort = try await client.senden(
                    .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung(strasse: strasse)))
                ids.append(try #require(try antwort.json["id"] as? String))
            }
            let bescheinigt = try await client.senden(
                .post, "/v1/anzeigen/\(ids[0])/empfangsbescheinigung", token: sb, json: #"{"datum":"2026-11-20"}"#)
            #expect(bescheinigt.status == .ok, "\(bescheinigt.text)")
            let eb = try #require(try bescheinigt.json["empfangsbescheinigung"] as? [String: any Sendable])
            #expect(eb["ausgestelltAm"] as? String == "2026-11-20")
            try await client.senden(.post, "/v1/anzeigen/\(ids[0])/empfangsbescheinigung", token: sb)
                .erwarteProblem(.conflict, "konflikt")
            try await client.senden(
                .post, "/v1/anzeigen/\(ids[1])/empfangsbescheinigung", token: sb, json: #"{"datum":"2026-11-19"}"#
            ).erwarteProblem(.unprocessableContent, "unzulaessig")

            let offen = try await client.senden(.get, "/v1/anzeigen?ohneEmpfangsbescheinigung=true", token: sb)
            #expect(offen.status == .ok)
            let offeneIds = try #require(try offen.json["eintraege"] as? [[String: any Sendable]]).compactMap {
                $0["id"] as? String
            }
            #expect(Set(offeneIds) == Set(ids[1...]))
            #expect(try offen.json["naechsterCursor"] is NSNull)

            let keine = try await client.senden(.get, "/v1/anzeigen?ueberfaellig=true", token: sb)
            #expect(try (keine.json["eintraege"] as? [Any])?.count == 0)
            umgebung.uhr.vorstellen(tage: 4)
            // No body: today.
            let heute = try await client.senden(.post, "/v1/anzeigen/\(ids[1])/empfangsbescheinigung", token: sb)
            #expect(heute.status == .ok, "\(heute.text)")
            let ueberfaellig = try await client.senden(.get, "/v1/anzeigen?ueberfaellig=true", token: sb)
            let zeilen = try #require(try ueberfaellig.json["eintraege"] as? [[String: any Sendable]])
            #expect(zeilen.compactMap { $0["id"] as? String } == [ids[2]])
            #expect(zeilen.first?["ueberfaellig"] as? Bool == true)
        }
    }

    @Test func registersucheUndPaginierung() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            for nummer in 0..<5 {
                let antwort = try await client.senden(
                    .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung(strasse: "Gasse \(nummer)")))
                #expect(antwort.status == .created)
            }
            var gesehen: [String] = []
            var cursor: String? = nil
            var seiten = 0
            repeat {
                let uri = "/v1/betriebe?name=schneiderei&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let seite = try await client.senden(.get, uri, token: sb)
                #expect(seite.status == .ok, "\(seite.text)")
                let eintraege = try #require(try seite.json["eintraege"] as? [[String: any Sendable]])
                #expect(eintraege.count <= 2)
                #expect(try seite.json["limit"] as? Int == 2)
                gesehen += eintraege.compactMap { $0["betriebId"] as? String }
                cursor = try seite.json["naechsterCursor"] as? String
                seiten += 1
            } while cursor != nil && seiten < 10
            #expect(seiten == 3)
            #expect(gesehen.count == 5)
            #expect(Set(gesehen).count == 5)
            let wz = try await client.senden(.get, "/v1/betriebe?wz=95.29&status=offen&kommune=06636011", token: sb)
            #expect(try (wz.json["eintraege"] as? [Any])?.count == 5)
            let person = try await client.senden(.get, "/v1/betriebe?person=J%C3%BCrgen&anschrift=Gasse%203", token: sb)
            #expect(try (person.json["eintraege"] as? [Any])?.count == 1)
            let faelle = try await client.senden(
                .get, "/v1/anzeigen?limit=2&meldeart=anmeldung&eingangVon=2026-11-20&eingangBis=2026-11-20", token: sb)
            #expect(try (faelle.json["eintraege"] as? [Any])?.count == 2)
            #expect(try faelle.json["naechsterCursor"] is String)
        }
    }

    @Test func registerauskunftEinfachUndErweitert() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            #expect(
                try await client.senden(.post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung())).status
                    == .created)
            let einfach = try await client.senden(
                .post, "/v1/auskuenfte", token: sb,
                json: #"{"art":"einfach","name":"Weiß","anfragender":"Max Muster, Kassel"}"#)
            #expect(einfach.status == .ok, "\(einfach.text)")
            let json = try einfach.json
            #expect(json["rechtsgrundlage"] as? String == "§ 14 Abs. 5 Satz 2 GewO")
            let treffer = try #require((json["treffer"] as? [[String: any Sendable]])?.first)
            #expect(
                Set(treffer.keys) == ["name", "betriebsanschrift", "taetigkeit"], "einfache Auskunft: nur drei Angaben")

            let ohneInteresse = try await client.senden(
                .post, "/v1/auskuenfte", token: sb,
                json: #"{"art":"erweitert","name":"Weiß","anfragender":"Inkasso GmbH"}"#)
            let problem = try ohneInteresse.erwarteProblem(.unprocessableContent, "unzulaessig")
            #expect((problem["detail"] as? String)?.contains("rechtliches Interesse") == true)

            let erweitert = try await client.senden(
                .post, "/v1/auskuenfte", token: sb,
                json:
                    #"{"art":"erweitert","name":"Weiß","anfragender":"Inkasso GmbH","begruendung":"Titel AG Eschwege 3 C 12/26"}"#
            )
            #expect(erweitert.status == .ok)
            let mehr = try #require((try erweitert.json["treffer"] as? [[String: any Sendable]])?.first)
            #expect(mehr["personen"] is [Any])
            let protokoll = await umgebung.speicher.auskunftsprotokoll()
            #expect(protokoll.map(\.anfrage.art) == [.einfach, .erweitert], "jede erteilte Auskunft ist protokolliert")
        }
    }

    @Test func betriebsendpunkteHealthReadyMetricsOpenAPI() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let health = try await client.senden(.get, "/health")
            #expect(health.status == .ok)
            #expect(try health.json["status"] as? String == "ok")
            let ready = try await client.senden(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(try (ready.json["pruefungen"] as? [Any])?.count == 2)
            umgebung.bereitschaft.setze([
                Bereitschaftspruefung(name: "datenbank", ok: true),
                Bereitschaftspruefung(name: "migrationen", ok: false, detail: "2 ausstehend"),
            ])
            let nichtBereit = try await client.senden(.get, "/ready")
            #expect(nichtBereit.status == .serviceUnavailable)
            #expect(try nichtBereit.json["status"] as? String == "nicht bereit")

            _ = try await client.senden(.post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            let metrics = try await client.senden(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.contentType.hasPrefix("text/plain; version=0.0.4"))
            #expect(
                metrics.text.contains(#"http_requests_total{method="POST",route="/v1/anzeigen",status="201"} 1"#),
                "\(metrics.text)")
            #expect(metrics.text.contains("http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains(#"gewerbe_anzeigen_total{ergebnis="angenommen",meldeart="anmeldung"} 1"#))

            let spec = try await client.senden(.get, "/openapi.yaml")
            #expect(spec.status == .ok)
            #expect(spec.contentType.hasPrefix("application/yaml"))
            #expect(spec.text.hasPrefix("openapi: 3.1"))
        }
    }

    @Test func requestIdWirdUebernommenOderErzeugt() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let mit = try await client.senden(.get, "/health", kopf: [xRequestId: "abc-123"])
            #expect(mit.headers[xRequestId] == "abc-123")
            let ungueltig = try await client.senden(.get, "/health", kopf: [xRequestId: "a b"])
            #expect(ungueltig.headers[xRequestId] != "a b")
            let problem = try await client.senden(
                .get, "/v1/anzeigen/\(UUID())", token: sb, kopf: [xRequestId: "req-9"])
            #expect(try problem.erwarteProblem(.notFound)["requestId"] as? String == "req-9")
        }
    }

    @Test func intakeErhaeltDieEigeneEinreichungZurueck() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let intake = TestUmgebung.token(.intake)
            let antwort = try await client.senden(
                .post, "/v1/anzeigen", token: intake, json: jsonText(Beispiel.anmeldung()))
            #expect(antwort.status == .created)
            let location = try #require(antwort.headers[.location])
            #expect(try await client.senden(.get, location, token: intake).status == .ok)
        }
    }
}
