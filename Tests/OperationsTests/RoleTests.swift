import Operations
import Testing

@Suite("Role")
struct RoleTests {
    /// The contract's role table, row by row.
    @Test func followsTheContractsTable() {
        #expect(Role.supervisor.permissions == [.view, .setLevels])
        #expect(Role.assessor.permissions == [.view, .export, .reports, .readAudit])
        #expect(Role.admin.permissions == Set(Permission.allCases))
    }

    @Test func onlyAdminsManageAccountsNamesAndPurge() {
        for permission in [Permission.manageAccounts, .displayNames, .exportWithNames, .purge] {
            #expect(Role.allCases.filter { $0.may(permission) } == [.admin], "\(permission)")
        }
        #expect(Role.allCases.filter { $0.may(.setLevels) } == [.supervisor, .admin])
        #expect(Role.allCases.filter { $0.may(.export) } == [.assessor, .admin])
        #expect(Role.allCases.allSatisfy { $0.may(.view) })
    }

    @Test func rolesAreSpelledAsInTheContract() {
        #expect(Role.allCases.map(\.rawValue) == ["supervisor", "assessor", "admin"])
        #expect(Role(rawValue: "root") == nil && Role(rawValue: "Admin") == nil)
    }
}
