import Foundation

/// The CMIS-SQL subset the test server understands (CMIS 1.1, section 2.1.14):
///
/// ```
/// SELECT * | col [, col ...] FROM <typeId> [[AS] alias]
///   [WHERE cond [AND cond ...]] [ORDER BY col [ASC|DESC]]
/// cond: col (= | <> | < | > | <= | >=) literal | col LIKE 'pattern' | col IN (literal, ...)
///     | col IS [NOT] NULL | 'literal' = ANY col | IN_FOLDER([alias,] 'id') | IN_TREE([alias,] 'id')
/// ```
/// `<typeId>` is `cmis:document`, `cmis:folder` or a secondary type (CMIS 1.1 lets secondary
/// types be queried like tables). Columns may carry the alias (`d.cmis:name`). Literals are
/// strings in single quotes (`\'` or `''` escape a quote), numbers, `TRUE`/`FALSE`, or
/// `TIMESTAMP '...'`. `OR`, `NOT` and joins are not supported and give `invalidArgument`.
struct CMISTestQuery: Sendable {
    var selectAll: Bool
    var columns: [String]
    var typeId: String
    var conditions: [Condition]
    var orderBy: (property: String, ascending: Bool)?

    enum Condition: Sendable {
        case compare(property: String, op: String, literal: String)
        case like(property: String, pattern: String)
        case inList(property: String, literals: [String])
        case isNull(property: String, negated: Bool)
        case any(property: String, literal: String)
        case inFolder(String)
        case inTree(String)

        func evaluate(
            properties: [(CMISTestPropertyDefinition, CMISTestJSON)], object: CMISTestRepository.StoredObject,
            inFolder: (String) -> Bool, inTree: (String) -> Bool
        ) throws -> Bool {
            func value(_ property: String) throws -> CMISTestJSON {
                guard let entry = properties.first(where: { $0.0.id == property }) else {
                    throw CMISTestError.invalidArgument("Eigenschaft '\(property)' ist im Typ nicht definiert")
                }
                return entry.1
            }
            switch self {
            case .compare(let property, let op, let literal):
                let current = try value(property)
                guard let text = current.scalarText else { return false }
                let comparison: ComparisonResult
                if case .int(let number) = current, let other = Int(literal) {
                    comparison =
                        number < other ? .orderedAscending : (number > other ? .orderedDescending : .orderedSame)
                } else {
                    comparison =
                        text < literal ? .orderedAscending : (text > literal ? .orderedDescending : .orderedSame)
                }
                switch op {
                case "=": return comparison == .orderedSame
                case "<>", "!=": return comparison != .orderedSame
                case "<": return comparison == .orderedAscending
                case ">": return comparison == .orderedDescending
                case "<=": return comparison != .orderedDescending
                case ">=": return comparison != .orderedAscending
                default: throw CMISTestError.invalidArgument("Operator \(op) wird nicht unterstützt")
                }
            case .like(let property, let pattern):
                guard let text = try value(property).scalarText else { return false }
                return CMISTestQuery.like(Array(text), Array(pattern))
            case .inList(let property, let literals):
                guard let text = try value(property).scalarText else { return false }
                return literals.contains(text)
            case .isNull(let property, let negated):
                let current = try value(property)
                let isNull: Bool
                switch current {
                case .null: isNull = true
                case .array(let values): isNull = values.isEmpty
                default: isNull = false
                }
                return negated ? !isNull : isNull
            case .any(let property, let literal):
                guard case .array(let values) = try value(property) else {
                    throw CMISTestError.invalidArgument("ANY braucht eine mehrwertige Eigenschaft")
                }
                return values.contains { $0.scalarText == literal }
            case .inFolder(let id): return inFolder(id)
            case .inTree(let id): return inTree(id)
            }
        }
    }

    /// `%` matches any run of characters, `_` one character; `\` escapes them.
    static func like(_ text: [Character], _ pattern: [Character]) -> Bool {
        var memo: [Int: Bool] = [:]
        func match(_ t: Int, _ p: Int) -> Bool {
            let key = t * (pattern.count + 1) + p
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = t == text.count
            } else if pattern[p] == "%" {
                result = match(t, p + 1) || (t < text.count && match(t + 1, p))
            } else if pattern[p] == "\\", p + 1 < pattern.count {
                result = t < text.count && text[t] == pattern[p + 1] && match(t + 1, p + 2)
            } else if pattern[p] == "_" {
                result = t < text.count && match(t + 1, p + 1)
            } else {
                result = t < text.count && text[t] == pattern[p] && match(t + 1, p + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    // MARK: - Parsing

    enum Token: Equatable, Sendable {
        case word(String)
        case string(String)
        case number(String)
        case symbol(String)
    }

    static func tokenize(_ statement: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(statement)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" {
                var text = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let current = characters[index]
                    if current == "\\", index + 1 < characters.count {
                        text.append(characters[index + 1])
                        index += 2
                    } else if current == "'" {
                        guard index + 1 < characters.count, characters[index + 1] == "'" else {
                            index += 1
                            closed = true
                            break
                        }
                        text.append("'")
                        index += 2
                    } else {
                        text.append(current)
                        index += 1
                    }
                }
                guard closed else { throw CMISTestError.invalidArgument("Zeichenkette ohne schließendes '") }
                tokens.append(.string(text))
            } else if "(),*=".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else if character == "<" || character == ">" || character == "!" {
                if index + 1 < characters.count, characters[index + 1] == "=" || characters[index + 1] == ">" {
                    tokens.append(.symbol(String(characters[index...index + 1])))
                    index += 2
                } else {
                    tokens.append(.symbol(String(character)))
                    index += 1
                }
            } else if character.isNumber
                || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber)
            {
                var text = String(character)
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." {
                    text.append(characters[index])
                    index += 1
                }
                tokens.append(.number(text))
            } else if character.isLetter || character == "_" {
                var text = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || "_:.-".contains(characters[index])
                {
                    text.append(characters[index])
                    index += 1
                }
                tokens.append(.word(text))
            } else {
                throw CMISTestError.invalidArgument("Unerwartetes Zeichen '\(character)' in der Abfrage")
            }
        }
        return tokens
    }

    static func parse(_ statement: String) throws -> CMISTestQuery {
        var parser = Parser(tokens: try tokenize(statement))
        return try parser.query()
    }

    struct Parser {
        var tokens: [Token]
        var position = 0
        var alias: String?

        mutating func next() -> Token? {
            guard position < tokens.count else { return nil }
            defer { position += 1 }
            return tokens[position]
        }

        func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

        func isKeyword(_ token: Token?, _ keyword: String) -> Bool {
            if case .word(let word)? = token { return word.uppercased() == keyword }
            return false
        }

        mutating func expectKeyword(_ keyword: String) throws {
            guard isKeyword(next(), keyword) else { throw CMISTestError.invalidArgument("\(keyword) erwartet") }
        }

        mutating func expectSymbol(_ symbol: String) throws {
            guard next() == .symbol(symbol) else { throw CMISTestError.invalidArgument("'\(symbol)' erwartet") }
        }

        /// A column name without its alias prefix.
        func column(_ word: String) -> String {
            guard let dot = word.firstIndex(of: ".") else { return word }
            return String(word[word.index(after: dot)...])
        }

        mutating func literal() throws -> String {
            switch next() {
            case .string(let text)?: return text
            case .number(let text)?: return text
            case .word(let word)? where word.uppercased() == "TRUE": return "true"
            case .word(let word)? where word.uppercased() == "FALSE": return "false"
            case .word(let word)? where word.uppercased() == "TIMESTAMP":
                guard case .string(let text)? = next() else {
                    throw CMISTestError.invalidArgument("TIMESTAMP '...' erwartet")
                }
                return text
            default: throw CMISTestError.invalidArgument("Literal erwartet")
            }
        }

        mutating func query() throws -> CMISTestQuery {
            try expectKeyword("SELECT")
            var selectAll = false
            var columns: [String] = []
            repeat {
                switch next() {
                case .symbol("*")?: selectAll = true
                case .word(let word)?:
                    if word.hasSuffix(".*") { selectAll = true } else { columns.append(column(word)) }
                default: throw CMISTestError.invalidArgument("Spalte erwartet")
                }
            } while peek() == .symbol(",") && next() != nil
            try expectKeyword("FROM")
            guard case .word(let typeId)? = next() else {
                throw CMISTestError.invalidArgument("Typ nach FROM erwartet")
            }
            if isKeyword(peek(), "AS") { _ = next() }
            if case .word(let word)? = peek(), !["WHERE", "ORDER", "JOIN", "INNER", "LEFT"].contains(word.uppercased())
            {
                alias = word
                _ = next()
            }
            if isKeyword(peek(), "JOIN") || isKeyword(peek(), "INNER") || isKeyword(peek(), "LEFT") {
                throw CMISTestError.invalidArgument("JOIN wird vom Test-Server nicht unterstützt")
            }
            var conditions: [Condition] = []
            if isKeyword(peek(), "WHERE") {
                _ = next()
                conditions.append(try condition())
                while isKeyword(peek(), "AND") {
                    _ = next()
                    conditions.append(try condition())
                }
            }
            var orderBy: (String, Bool)?
            if isKeyword(peek(), "ORDER") {
                _ = next()
                try expectKeyword("BY")
                guard case .word(let word)? = next() else {
                    throw CMISTestError.invalidArgument("Spalte nach ORDER BY erwartet")
                }
                var ascending = true
                if isKeyword(peek(), "DESC") {
                    ascending = false
                    _ = next()
                } else if isKeyword(peek(), "ASC") {
                    _ = next()
                }
                orderBy = (column(word), ascending)
            }
            if let rest = peek() {
                if isKeyword(rest, "OR") {
                    throw CMISTestError.invalidArgument("OR wird vom Test-Server nicht unterstützt")
                }
                throw CMISTestError.invalidArgument("Unerwartetes Ende der Abfrage: \(rest)")
            }
            return CMISTestQuery(
                selectAll: selectAll, columns: columns, typeId: typeId, conditions: conditions, orderBy: orderBy)
        }

        mutating func condition() throws -> Condition {
            if isKeyword(peek(), "NOT") {
                throw CMISTestError.invalidArgument("NOT wird vom Test-Server nicht unterstützt")
            }
            if isKeyword(peek(), "IN_FOLDER") || isKeyword(peek(), "IN_TREE") {
                let tree = isKeyword(next(), "IN_TREE")
                try expectSymbol("(")
                if case .word = peek() {
                    _ = next()
                    try expectSymbol(",")
                }
                let id = try literal()
                try expectSymbol(")")
                return tree ? .inTree(id) : .inFolder(id)
            }
            if case .string(let literal)? = peek() {
                _ = next()
                try expectSymbol("=")
                try expectKeyword("ANY")
                guard case .word(let word)? = next() else {
                    throw CMISTestError.invalidArgument("Spalte nach ANY erwartet")
                }
                return .any(property: column(word), literal: literal)
            }
            guard case .word(let word)? = next() else { throw CMISTestError.invalidArgument("Bedingung erwartet") }
            let property = column(word)
            if isKeyword(peek(), "LIKE") {
                _ = next()
                return .like(property: property, pattern: try literal())
            }
            if isKeyword(peek(), "IN") {
                _ = next()
                try expectSymbol("(")
                var literals = [try literal()]
                while peek() == .symbol(",") {
                    _ = next()
                    literals.append(try literal())
                }
                try expectSymbol(")")
                return .inList(property: property, literals: literals)
            }
            if isKeyword(peek(), "IS") {
                _ = next()
                var negated = false
                if isKeyword(peek(), "NOT") {
                    negated = true
                    _ = next()
                }
                try expectKeyword("NULL")
                return .isNull(property: property, negated: negated)
            }
            guard case .symbol(let op)? = next(), ["=", "<>", "!=", "<", ">", "<=", ">="].contains(op) else {
                throw CMISTestError.invalidArgument("Vergleichsoperator erwartet")
            }
            return .compare(property: property, op: op, literal: try literal())
        }
    }
}
