/// Splits a SQL script into its statements, so that each can be sent with the extended query
/// protocol (PostgresNIO has no simple-query, multi-statement call).
///
/// Understands what may contain a `;` that does not end a statement: `'...'` strings (with `''`),
/// `E'...'` strings (with backslash escapes), `"..."` identifiers, `$tag$...$tag$` bodies, `--` line
/// comments and nested `/* */` comments. Not supported: `BEGIN ATOMIC ... END` function bodies
/// (write such functions with `AS $$ ... $$`).
public enum SQLScript {
    /// One statement of a script.
    public struct Statement: Sendable, Equatable {
        /// The statement's text, without the terminating `;`, trimmed.
        public var text: String
        /// The 1-based line where the statement starts in the script.
        public var line: Int
    }

    /// The statements of `script`, in order; comment-only and empty pieces are dropped.
    public static func statements(in script: String) -> [Statement] {
        let bytes = Array(script.utf8)
        var statements: [Statement] = []
        var codeStart = 0
        var startLine = 1
        var line = 1
        var hasCode = false
        var index = 0

        func finish(at end: Int) {
            if hasCode {
                let text = String(decoding: bytes[codeStart..<end], as: UTF8.self).trimmingWhitespace()
                statements.append(Statement(text: text, line: startLine))
            }
            hasCode = false
        }

        func markCode() {
            if !hasCode {
                codeStart = index
                startLine = line
                hasCode = true
            }
        }

        func isIdentifierByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
        }

        /// Advances `index` past a quoted run that started at `index` with `quote`.
        func skipQuoted(_ quote: UInt8, backslashEscapes: Bool) {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") { line += 1 }
                if backslashEscapes, byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        index += 2
                        continue
                    }
                    index += 1
                    return
                }
                index += 1
            }
        }

        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                var depth = 0
                repeat {
                    if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*")
                    {
                        depth += 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count,
                        bytes[index + 1] == UInt8(ascii: "/")
                    {
                        depth -= 1
                        index += 2
                    } else {
                        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                        index += 1
                    }
                } while depth > 0 && index < bytes.count
            case UInt8(ascii: "'"):
                let escaped =
                    index > 0 && (bytes[index - 1] == UInt8(ascii: "E") || bytes[index - 1] == UInt8(ascii: "e"))
                    && (index < 2 || !isIdentifierByte(bytes[index - 2]))
                markCode()
                skipQuoted(UInt8(ascii: "'"), backslashEscapes: escaped)
            case UInt8(ascii: "\""):
                markCode()
                skipQuoted(UInt8(ascii: "\""), backslashEscapes: false)
            case UInt8(ascii: "$") where index == 0 || !isIdentifierByte(bytes[index - 1]):
                // A dollar quote: $$ or $tag$ where tag does not start with a digit ($1 is a parameter).
                var end = index + 1
                while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
                let tagIsValid =
                    end < bytes.count && bytes[end] == UInt8(ascii: "$")
                    && (end == index + 1
                        || !(bytes[index + 1] >= UInt8(ascii: "0") && bytes[index + 1] <= UInt8(ascii: "9")))
                markCode()
                guard tagIsValid else {
                    index += 1
                    break
                }
                let tag = Array(bytes[index...end])
                index = end + 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "$"), index + tag.count <= bytes.count,
                        Array(bytes[index..<(index + tag.count)]) == tag
                    {
                        index += tag.count
                        break
                    }
                    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                }
            case UInt8(ascii: ";"):
                finish(at: index)
                index += 1
            default:
                if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\r") {
                    markCode()
                }
                index += 1
            }
        }
        finish(at: bytes.count)
        return statements
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
