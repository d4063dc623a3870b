/// What a console account may do: the contract's role table
/// (docs/console.md), in the one place that says it. The console asks
/// `may(_:)` for every page and route; no handler decides a role itself.
public enum Role: String, CaseIterable, Sendable, Codable {
    case supervisor, assessor, admin

    /// The permissions of this role.
    public var permissions: Set<Permission> {
        switch self {
        case .supervisor: [.view, .setLevels]
        case .assessor: [.view, .export, .reports, .readAudit]
        case .admin: Set(Permission.allCases)
        }
    }

    public func may(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }
}

/// Something a console page or route does that not every role may.
public enum Permission: String, CaseIterable, Sendable {
    /// See stations, workers, levels and progress.
    case view
    case setLevels
    /// Exports without display names.
    case export
    case reports
    /// Read the audit table.
    case readAudit
    /// Add, change and remove console accounts.
    case manageAccounts
    /// See and change workers' display names.
    case displayNames
    case exportWithNames
    case purge
}
