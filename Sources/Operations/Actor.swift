import LinuxSystem

/// Who performs an operation. Every operation takes it as a value and
/// records its `name`: in the audit table, and as `set_by` in the level
/// history. The operations never find it out themselves, so the command
/// line and the console can each say who acts. (The station's own level
/// advice is no person's action: the pipeline journals it as `auto`.)
public enum Actor: Sendable, Hashable {
    /// An operating-system account running `oss` on the command line.
    case localUser(String)
    /// An account of the web console (`oss user add`), once logged in.
    case console(account: String)

    /// The name recorded for this actor: the account name as it is.
    public var name: String {
        switch self {
        case .localUser(let name): name
        case .console(let account): account
        }
    }

    /// The operating-system account running this process: the one place
    /// the command line finds out who acts. It is the passwd name of the
    /// effective user id, never an environment variable (anyone can set
    /// `USER`); its only fallback, for a uid without a passwd entry, is
    /// `uid N` (see `ProcessFacts.account`).
    public static func processOwner() -> Actor {
        .localUser(ProcessFacts.account())
    }
}
