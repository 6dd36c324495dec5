import Foundation

/// A JSON value with ordered object keys, as the CMIS test server writes it (deterministic output).
enum CMISTestJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([CMISTestJSON])
    case object([(String, CMISTestJSON)])

    static func == (lhs: CMISTestJSON, rhs: CMISTestJSON) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    func serialized() -> String {
        var output = ""
        write(to: &output)
        return output
    }

    var data: Data { Data(serialized().utf8) }

    private func write(to output: inout String) {
        switch self {
        case .string(let text): CMISTestJSON.writeString(text, to: &output)
        case .int(let value): output += String(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                CMISTestJSON.writeString(member.0, to: &output)
                output += ":"
                member.1.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
