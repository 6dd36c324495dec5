import Foundation

/// Random text from a cryptographically secure generator (`SystemRandomNumberGenerator` reads the
/// kernel's CSPRNG).
package enum RandomText {
    package static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `count` characters drawn uniformly from [0-9A-Za-z].
    package static func base62(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in base62[Int.random(in: 0..<62, using: &generator)] })
    }

    /// A lowercase identifier suffix, e.g. for database names.
    package static func lowercase(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
    }
}
