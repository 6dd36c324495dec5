import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The XML of the WebDAV requests the adapter sends and the `207 Multi-Status` answers it reads
/// (RFC 4918, sections 9.1, 9.2, 14).
enum WebDAVXML {
    /// One `<D:response>` of a multistatus: its `href` and the properties reported with status
    /// 200, keyed by `{namespace}localName`; `failed` lists properties with another status.
    struct Antwort: Sendable {
        var href: String = ""
        var eigenschaften: [String: String] = [:]
        var istSammlung = false
        var fehlgeschlagen: [String: Int] = [:]
    }

    static func schluessel(_ namespace: String, _ name: String) -> String { "{\(namespace)}\(name)" }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `PROPFIND` body asking for the resource type, the length and our properties.
    static func propfind(namespace: String, namen: [String]) -> Data {
        var xml = #"<?xml version="1.0" encoding="utf-8"?>"#
        xml += #"<D:propfind xmlns:D="DAV:" xmlns:g="\#(escape(namespace))"><D:prop>"#
        xml += "<D:resourcetype/><D:getcontentlength/>"
        for name in namen { xml += "<g:\(name)/>" }
        xml += "</D:prop></D:propfind>"
        return Data(xml.utf8)
    }

    /// `PROPPATCH` body setting dead properties in our namespace.
    static func proppatch(namespace: String, werte: [(String, String)]) -> Data {
        var xml = #"<?xml version="1.0" encoding="utf-8"?>"#
        xml += #"<D:propertyupdate xmlns:D="DAV:" xmlns:g="\#(escape(namespace))"><D:set><D:prop>"#
        for (name, wert) in werte { xml += "<g:\(name)>\(escape(wert))</g:\(name)>" }
        xml += "</D:prop></D:set></D:propertyupdate>"
        return Data(xml.utf8)
    }

    /// Parses a multistatus body.
    static func multistatus(_ data: Data) throws -> [Antwort] {
        let parser = XMLParser(data: data)
        let delegate = MultistatusLeser()
        parser.delegate = delegate
        parser.shouldProcessNamespaces = true
        guard parser.parse() else {
            throw MultistatusFehler(beschreibung: parser.parserError.map { "\($0)" } ?? "unbekannter Fehler")
        }
        return delegate.antworten
    }

    struct MultistatusFehler: Error, CustomStringConvertible {
        var beschreibung: String
        var description: String { "Multi-Status-Antwort nicht lesbar: \(beschreibung)" }
    }

    /// SAX reader for `<D:multistatus>`.
    private final class MultistatusLeser: NSObject, XMLParserDelegate {
        var antworten: [Antwort] = []
        private var aktuelle: Antwort?
        private var propstatWerte: [String: String] = [:]
        private var propstatSammlung = false
        private var propstatStatus = 0
        private var imProp = false
        private var propTiefe = 0
        private var aktuellesProp: String?
        private var text = ""

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            let namespace = namespaceURI ?? ""
            text = ""
            if namespace == "DAV:" {
                switch elementName {
                case "response" where !imProp:
                    aktuelle = Antwort()
                    return
                case "propstat" where !imProp:
                    propstatWerte = [:]
                    propstatSammlung = false
                    propstatStatus = 0
                    return
                case "prop" where !imProp:
                    imProp = true
                    propTiefe = 0
                    return
                default: break
                }
            }
            if imProp {
                propTiefe += 1
                if propTiefe == 1 {
                    aktuellesProp = WebDAVXML.schluessel(namespace, elementName)
                } else if namespace == "DAV:" && elementName == "collection" {
                    propstatSammlung = true
                }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            let namespace = namespaceURI ?? ""
            if imProp {
                if propTiefe == 0 && namespace == "DAV:" && elementName == "prop" {
                    imProp = false
                    return
                }
                if propTiefe == 1, let prop = aktuellesProp {
                    propstatWerte[prop] = text
                    aktuellesProp = nil
                }
                propTiefe -= 1
                return
            }
            guard namespace == "DAV:" else { return }
            switch elementName {
            case "href":
                aktuelle?.href = text.trimmingCharacters(in: .whitespacesAndNewlines)
            case "status":
                // "HTTP/1.1 200 OK"
                let teile = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
                propstatStatus = teile.count >= 2 ? Int(teile[1]) ?? 0 : 0
            case "propstat":
                if propstatStatus == 200 {
                    for (key, value) in propstatWerte { aktuelle?.eigenschaften[key] = value }
                    if propstatSammlung { aktuelle?.istSammlung = true }
                } else {
                    for key in propstatWerte.keys { aktuelle?.fehlgeschlagen[key] = propstatStatus }
                }
            case "response":
                if let aktuelle { antworten.append(aktuelle) }
                aktuelle = nil
            default: break
            }
        }
    }
}
