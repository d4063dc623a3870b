import Hummingbird
import Operations

/// The admin's pages: accounts, display names and purge.
extension Console {
    func accountsPage(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let actor = try call.account.actor
        let (accounts, names) = try await Blocking.run {
            (try workshop.accounts.list(), try workshop.displayNames(by: actor))
        }
        let csrf = try call.account.session.csrf
        var values: [String: Any] = [
            "rows": accounts.map { account -> [String: Any] in
                ["name": account.name.text, "roleText": text(call, "role_\(account.role.rawValue)"), "csrf": csrf]
            },
            "anyNames": !names.isEmpty,
            "names": names.sorted { $0.key < $1.key }.map { ["worker": $0.key, "name": $0.value] },
        ]
        if call.query.given("done") == "1" { values["message"] = text(call, "done") }
        return Responses.html(pages.page("accounts", heading: text(call, "accounts_title"), values: values, frame: frame(call, section: "accounts")))
    }

    func addAccount(_ call: Call) async throws -> Response {
        guard let role = call.form.given("role").flatMap(Role.init(rawValue:)) else {
            throw ConsoleError.badRequest("role must be supervisor, assessor or admin")
        }
        let name = try accountName(call.form)
        let password = try Self.password(call.form)
        let workshop = self.workshop
        let actor = try call.account.actor
        try await Blocking.run { try workshop.accounts.add(name, role: role, password: password, by: actor) }
        return Responses.redirect(to: "/accounts?done=1")
    }

    func changePassword(_ call: Call) async throws -> Response {
        let name = try accountName(call.form)
        let password = try Self.password(call.form)
        let workshop = self.workshop
        let actor = try call.account.actor
        try await Blocking.run { try workshop.accounts.changePassword(of: name, to: password, by: actor) }
        return Responses.redirect(to: "/accounts?done=1")
    }

    func removeAccount(_ call: Call) async throws -> Response {
        let name = try accountName(call.form)
        let workshop = self.workshop
        let actor = try call.account.actor
        try await Blocking.run { try workshop.accounts.remove(name, by: actor) }
        return Responses.redirect(to: "/accounts?done=1")
    }

    func setDisplayName(_ call: Call) async throws -> Response {
        let change: NameChange
        do {
            change = try NameChange(worker: call.form.given("worker") ?? "", name: call.form.given("display_name"))
        } catch {
            throw ConsoleError(error)
        }
        let workshop = self.workshop
        let actor = try call.account.actor
        _ = try await Blocking.run { try workshop.applyName(change, by: actor) }
        return Responses.redirect(to: "/accounts?done=1")
    }

    func purgePage(_ call: Call) throws -> Response {
        var values: [String: Any] = [:]
        if let cycles = call.query.given("cycles"), cycles.count < 12, Int(cycles) != nil {
            values["message"] = "\(text(call, "purge_done")): \(cycles)"
        }
        return Responses.html(pages.page("purge", heading: text(call, "purge_title"), values: values, frame: frame(call, section: "purge")))
    }

    /// Purge needs the ticked confirmation as well as the token.
    func purge(_ call: Call) async throws -> Response {
        guard call.form["confirm"] == "1" else { throw ConsoleError.badRequest(text(call, "purge_need_confirm")) }
        guard let daysText = call.form.given("days"), daysText.count <= 6, let days = Int(daysText) else {
            throw ConsoleError.badRequest("days must be a whole number")
        }
        let workshop = self.workshop
        let actor = try call.account.actor
        let result = try await Blocking.run { try workshop.purge(olderThanDays: days, by: actor) }
        return Responses.redirect(to: "/purge?cycles=\(result.cycles)")
    }

    private func accountName(_ form: FormFields) throws -> AccountName {
        do { return try AccountName(form.given("name") ?? "") } catch { throw ConsoleError(error) }
    }

    private static func password(_ form: FormFields) throws -> Password {
        do { return try Password(form["password"] ?? "") } catch { throw ConsoleError(error) }
    }
}
