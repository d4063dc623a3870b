import PasswordHashing

/// A new password for a console account, checked before it is hashed. It
/// never shows in a message, a description or the journal: only its bcrypt
/// hash is kept.
public struct Password: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The shortest password accepted, in characters.
    public static let minimumLength = 10

    let text: String

    /// Refuses an empty password, one shorter than `minimumLength`, one
    /// longer than bcrypt reads (`BcryptHash.maximumPasswordBytes` bytes of
    /// UTF-8: the rest would be ignored) and one with a NUL.
    public init(_ text: String) throws(OperationError) {
        if text.isEmpty { throw .noPassword }
        if text.count < Self.minimumLength { throw .passwordTooShort(minimum: Self.minimumLength) }
        if text.utf8.count > BcryptHash.maximumPasswordBytes { throw .passwordTooLong(maximumBytes: BcryptHash.maximumPasswordBytes) }
        if text.utf8.contains(0) { throw .passwordHasNUL }
        self.text = text
    }

    public var description: String { "(password)" }
    public var debugDescription: String { description }
}
