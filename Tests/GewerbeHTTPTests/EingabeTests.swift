import Foundation
import GewerbeDomain
import GewerbeHTTP
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Every class of bad input gets a precise problem+json with the right status, naming every
/// problem, never a 500 and never a stored case.
@Suite("Fehlerhafte Eingaben")
struct EingabeTests {
    let sb = TestUmgebung.token(.sachbearbeitung)

    /// Sends a bad submission and checks the status, the problem type and that nothing was stored.
    func einreichen(
        _ umgebung: TestUmgebung, json: String? = nil, bytes: [UInt8]? = nil, kopf: HTTPFields = [:],
        token: String? = nil
    ) async throws -> Antwort {
        let token = token ?? sb
        let antwort = try await umgebung.mitClient { client in
            try await client.senden(.post, "/v1/anzeigen", token: token, json: json, bytes: bytes, kopf: kopf)
        }
        #expect(await umgebung.speicher.anzahlFaelle() == 0, "nichts gespeichert")
        return antwort
    }

    @Test func kaputtesJSONNenntZeileUndSpalte() async throws {
        let antwort = try await einreichen(TestUmgebung(), json: "{\n  \"meldeart\": \"anmeldung\",\n  \"beginn\": }")
        try antwort.erwarteProblem(.badRequest, "eingabe-ungueltig")
        let probleme = try antwort.probleme
        #expect(probleme.count == 1)
        #expect(probleme.first?.art == "syntax")
        #expect(probleme.first?.meldung.contains("Zeile 3") == true, "\(probleme)")
    }

    @Test func doppeltesFeldIst400MitPfad() async throws {
        // Two values for one field: the server must not pick one.
        let umgebung = TestUmgebung()
        let text = anzeigeText(Beispiel.anmeldung(), aendern: [:])
        let doppelt = "{\"meldeart\": \"abmeldung\", " + text.drop { $0 != "{" }.dropFirst()
        let antwort = try await einreichen(umgebung, json: String(doppelt))
        try antwort.erwarteProblem(.badRequest, "eingabe-ungueltig")
        let probleme = try antwort.probleme
        #expect(probleme.count == 1)
        #expect(probleme.first?.art == "syntax")
        #expect(probleme.first?.pfad == "meldeart", "\(probleme)")
        #expect(probleme.first?.meldung.contains("zweimal") == true, "\(probleme)")
    }

    @Test func ungueltigesUTF8() async throws {
        var bytes = Array(#"{"meldeart":"anmeldung","geschaeftsbezeichnung":"Caf"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}"#.utf8)
        let antwort = try await einreichen(
            TestUmgebung(), bytes: bytes, kopf: [.contentType: "application/json; charset=utf-8"])
        try antwort.erwarteProblem(.badRequest, "eingabe-ungueltig")
        #expect(try antwort.probleme.first?.meldung.contains("UTF-8") == true)
    }

    @Test func unbekannteFelderFalscheTypenSchlechteDatenAlleAufEinmal() async throws {
        let text = anzeigeText(
            Beispiel.anmeldung(),
            aendern: [
                "geburtstag": #""1990-01-01""#, "nebenerwerb": #""nein""#, "beginn": #""2026-02-30""#,
                "eingangsdatum": "20261120", "niederlassungsart": #""filiale""#,
            ])
        let antwort = try await einreichen(TestUmgebung(), json: text)
        let json = try antwort.erwarteProblem(.badRequest, "eingabe-ungueltig")
        let probleme = try antwort.probleme
        let pfade = Set(probleme.map(\.pfad))
        #expect(pfade == ["geburtstag", "nebenerwerb", "beginn", "eingangsdatum", "niederlassungsart"], "\(probleme)")
        #expect(probleme.first { $0.pfad == "geburtstag" }?.art == "unbekanntesFeld")
        #expect(probleme.first { $0.pfad == "nebenerwerb" }?.art == "falscherTyp")
        #expect(probleme.first { $0.pfad == "beginn" }?.art == "ungueltigerWert")
        #expect(probleme.allSatisfy { !$0.meldung.isEmpty })
        #expect((json["detail"] as? String)?.contains("5 Probleme") == true)
    }

    @Test func verschachtelteProblemeMitPfad() async throws {
        let text = anzeigeText(
            Beispiel.anmeldung(),
            aendern: ["personen": #"[{"familienname":"Weiß","geburtsdatum":"17.03.1984","hobby":"x"}]"#])
        let antwort = try await einreichen(TestUmgebung(), json: text)
        try antwort.erwarteProblem(.badRequest)
        #expect(Set(try antwort.probleme.map(\.pfad)) == ["personen[0].geburtsdatum", "personen[0].hobby"])
    }

    @Test func regelfehlerSind422MitJedemBefund() async throws {
        var anzeige = Beispiel.anmeldung()
        anzeige.betriebsstaette = nil
        anzeige.personen?[0].geburtsdatum = nil
        anzeige.taetigkeiten = nil
        let antwort = try await einreichen(TestUmgebung(), json: jsonText(anzeige))
        let json = try antwort.erwarteProblem(.unprocessableContent, "validierung")
        let fehler = try #require(json["fehler"] as? [[String: any Sendable]])
        #expect(fehler.count >= 3)
        for befund in fehler {
            #expect(befund["regel"] is String)
            #expect(befund["feldpfad"] is String)
            #expect(befund["meldung"] is String)
            #expect(befund["schwere"] as? String == "fehler")
            #expect(befund["rechtsgrundlage"] is String)
        }
        let pfade = Set(fehler.compactMap { $0["feldpfad"] as? String })
        #expect(pfade.isSuperset(of: ["personen[0].geburtsdatum"]), "\(pfade)")
        #expect(fehler.contains { $0["feldnummer"] as? Int == 15 }, "Feldnummer der Betriebsstätte")
        #expect(fehler.contains { $0["feldnummer"] as? Int == 8 }, "Feldnummer des Geburtsdatums")
    }

    @Test func ueberlangeTexteSindRegelfehler() async throws {
        var anzeige = Beispiel.anmeldung()
        anzeige.geschaeftsbezeichnung = String(repeating: "x", count: 5000)
        let antwort = try await einreichen(TestUmgebung(), json: jsonText(anzeige))
        let json = try antwort.erwarteProblem(.unprocessableContent, "validierung")
        let fehler = try #require(json["fehler"] as? [[String: any Sendable]])
        #expect(
            fehler.contains {
                $0["regel"] as? String == "GEW-FMT-010" && $0["feldpfad"] as? String == "geschaeftsbezeichnung"
            })
    }

    @Test func zuGrosserKoerper() async throws {
        let umgebung = TestUmgebung(limits: APILimits(maxBodyBytes: 1024))
        let gross = anzeigeText(
            Beispiel.anmeldung(), aendern: ["gruendeBetriebsaufgabe": "\"\(String(repeating: "y", count: 2000))\""])
        let antwort = try await einreichen(umgebung, json: gross)
        try antwort.erwarteProblem(.contentTooLarge, "zu-gross")
    }

    @Test func zuGrosserKoerperOhneContentLength() async throws {
        // Router test mode sends the body as one buffer without Content-Length checks of its own:
        // the limit holds while collecting.
        let umgebung = TestUmgebung(limits: APILimits(maxBodyBytes: 100))
        let antwort = try await einreichen(umgebung, json: jsonText(Beispiel.anmeldung()))
        try antwort.erwarteProblem(.contentTooLarge)
    }

    @Test(arguments: [
        "text/plain", "application/xml", "application/json; charset=latin1", "application/jsonx", "multipart/form-data",
    ])
    func falscherMedientyp(_ typ: String) async throws {
        let antwort = try await einreichen(
            TestUmgebung(), json: jsonText(Beispiel.anmeldung()), kopf: [.contentType: typ])
        try antwort.erwarteProblem(.unsupportedMediaType, "medientyp")
    }

    @Test(arguments: ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""])
    func erlaubteMedientypen(_ typ: String) async throws {
        let umgebung = TestUmgebung()
        let antwort = try await umgebung.mitClient { client in
            try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()), kopf: [.contentType: typ])
        }
        #expect(antwort.status == .created, "\(antwort.text)")
    }

    @Test func fehlenderMedientyp() async throws {
        let antwort = try await einreichen(TestUmgebung(), bytes: Array(jsonText(Beispiel.anmeldung()).utf8))
        try antwort.erwarteProblem(.unsupportedMediaType)
    }

    @Test func leererKoerper() async throws {
        let antwort = try await einreichen(TestUmgebung(), json: "")
        try antwort.erwarteProblem(.badRequest)
    }

    @Test(arguments: ["[]", "42", "\"text\"", "null"])
    func keinObjekt(_ text: String) async throws {
        let antwort = try await einreichen(TestUmgebung(), json: text)
        try antwort.erwarteProblem(.badRequest, "eingabe-ungueltig")
        #expect(try !antwort.probleme.isEmpty)
    }

    @Test func zugangFehltOderUngueltig() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            for (token, kopf) in [
                (nil, HTTPFields()), ("unbekannt", HTTPFields()), ("abgelaufen", HTTPFields()),
                ("widerrufen", HTTPFields()),
                (nil, [.authorization: "Basic dXNlcjpwdw=="]), (nil, [.authorization: "Bearer "]),
            ] as [(String?, HTTPFields)] {
                let antwort = try await client.senden(.get, "/v1/anzeigen", token: token, kopf: kopf)
                try antwort.erwarteProblem(.unauthorized, "nicht-authentifiziert")
                #expect(antwort.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let abgelaufen = try await client.senden(.get, "/v1/anzeigen", token: "abgelaufen")
            #expect(try abgelaufen.json["detail"] as? String == "Token abgelaufen.")
            #expect(abgelaufen.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            #expect(!abgelaufen.text.contains("abgelaufen\""), "das Token selbst steht nicht in der Antwort")
        }
    }

    @Test func abfrageparameterWerdenGeprueft() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let antwort = try await client.senden(
                .get, "/v1/anzeigen?limit=500&eingangVon=2026-13-01&meldeart=gewa1&ueberfaellig=ja&kommune=123&foo=1",
                token: sb)
            try antwort.erwarteProblem(.badRequest, "abfrage-ungueltig")
            #expect(
                Set(try antwort.probleme.map(\.pfad)) == [
                    "limit", "eingangVon", "meldeart", "ueberfaellig", "kommune", "foo",
                ])
            for uri in [
                "/v1/anzeigen?limit=0", "/v1/anzeigen?limit=abc", "/v1/anzeigen?cursor=%24%24",
                "/v1/anzeigen?limit=1&limit=2",
                "/v1/betriebe?status=geschlossen", "/v1/betriebe?wz=abc", "/v1/betriebe?beginnBis=gestern",
                "/v1/betriebe?name=",
            ] {
                try await client.senden(.get, uri, token: sb).erwarteProblem(.badRequest, "abfrage-ungueltig")
            }
            // A cursor of the right form that the repository cannot read: 422.
            try await client.senden(.get, "/v1/anzeigen?cursor=abc", token: sb).erwarteProblem(.unprocessableContent)
            #expect(try await client.senden(.get, "/v1/anzeigen?limit=200", token: sb).status == .ok)
        }
    }

    @Test func unbekannteRessourcenUndMethoden() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            try await client.senden(.get, "/v1/gibtsnicht", token: sb).erwarteProblem(.notFound, "nicht-gefunden")
            try await client.senden(.get, "/v1/anzeigen/keine-uuid", token: sb).erwarteProblem(.notFound)
            try await client.senden(.get, "/v1/anzeigen/\(UUID())", token: sb).erwarteProblem(.notFound)
            let methode = try await client.senden(.delete, "/v1/anzeigen", token: sb)
            try methode.erwarteProblem(.methodNotAllowed, "methode-nicht-erlaubt")
            #expect(methode.headers[.allow] == "POST, GET")
            try await client.senden(.put, "/v1/anzeigen/\(UUID())", token: sb).erwarteProblem(.methodNotAllowed)
        }
    }

    @Test func kleineDokumenteStreng() async throws {
        let umgebung = TestUmgebung()
        try await umgebung.mitClient { client in
            let anmeldung = try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            let id = try #require(try anmeldung.json["id"] as? String)
            let etag = try #require(anmeldung.headers[.eTag])
            let ruecknahme = try await client.senden(
                .post, "/v1/anzeigen/\(id)/ruecknahme", token: sb, json: #"{"grund":5,"warum":"x"}"#,
                kopf: [.ifMatch: etag])
            try ruecknahme.erwarteProblem(.badRequest)
            #expect(Set(try ruecknahme.probleme.map(\.pfad)) == ["grund", "warum"])
            let lang = try await client.senden(
                .post, "/v1/anzeigen/\(id)/ruecknahme", token: sb,
                json: "{\"grund\":\"\(String(repeating: "z", count: 2001))\"}",
                kopf: [.ifMatch: etag])
            try lang.erwarteProblem(.badRequest)
            #expect(try lang.probleme.first?.meldung.contains("zu lang") == true)
            // Berichtigung: problems of the envelope and of the nested Anzeige, all at once.
            let berichtigung = try await client.senden(
                .post, "/v1/anzeigen/\(id)/berichtigungen", token: sb,
                json: #"{"anzeige":{"meldeart":"anmeldung","beginn":"morgen","x":1},"extra":true}"#,
                kopf: [.ifMatch: etag])
            try berichtigung.erwarteProblem(.badRequest)
            let pfade = Set(try berichtigung.probleme.map(\.pfad))
            #expect(pfade == ["grund", "extra", "anzeige.beginn", "anzeige.x"], "\(berichtigung.text)")
            let datum = try await client.senden(
                .post, "/v1/anzeigen/\(id)/empfangsbescheinigung", token: sb, json: #"{"datum":"20.11.2026"}"#)
            try datum.erwarteProblem(.badRequest)
            #expect(try datum.probleme.map(\.pfad) == ["datum"])
            let auskunft = try await client.senden(
                .post, "/v1/auskuenfte", token: sb, json: #"{"art":"alles","name":1}"#)
            try auskunft.erwarteProblem(.badRequest)
            #expect(Set(try auskunft.probleme.map(\.pfad)) == ["art", "name", "anfragender"])
            try await client.senden(.post, "/v1/auskuenfte", token: sb, json: #"{"art":"einfach","anfragender":"A"}"#)
                .erwarteProblem(.unprocessableContent, "unzulaessig")
            try await client.senden(
                .post, "/v1/anzeigen/\(id)/empfangsbescheinigung", token: sb, json: "x",
                kopf: [.contentType: "text/plain"]
            )
            .erwarteProblem(.unsupportedMediaType)
        }
    }

    @Test func idempotenzSchluesselFormat() async throws {
        let antwort = try await einreichen(
            TestUmgebung(), json: jsonText(Beispiel.anmeldung()),
            kopf: [idempotencyKey: String(repeating: "k", count: 300)])
        try antwort.erwarteProblem(.badRequest, "kopfzeile-ungueltig")
    }

    @Test func fremdeGemeindeBeimEinreichenIst403() async throws {
        let antwort = try await einreichen(
            TestUmgebung(), json: jsonText(Beispiel.anmeldung(gemeinde: TestUmgebung.witzenhausen)))
        try antwort.erwarteProblem(.forbidden, "keine-berechtigung")
    }
}
