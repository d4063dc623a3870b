import Hummingbird
import Operations

extension Console {
    /// Every route of the console, with who may call it. This list and
    /// `gate` are the whole access policy (docs/console.md, "Routes").
    func routes() -> [ConsoleRoute] {
        [
            // Open: the login, and what the login page and API clients need.
            ConsoleRoute(method: .get, path: "/login", kind: .page, access: .open) { call in self.loginPage(call) },
            ConsoleRoute(method: .post, path: "/login", kind: .page, access: .open) { call in try await self.login(call) },
            ConsoleRoute(method: .get, path: "/api/openapi.yaml", kind: .api, access: .open) { _ in
                Responses.bytes(PackageResources.openapi_yaml, type: "application/yaml; charset=utf-8")
            },
            ConsoleRoute(method: .get, path: "/assets/console.css", kind: .page, access: .open) { _ in
                Responses.bytes(PackageResources.console_css, type: "text/css; charset=utf-8")
            },
            ConsoleRoute(method: .get, path: "/assets/console.js", kind: .page, access: .open) { _ in
                Responses.bytes(PackageResources.console_js, type: "text/javascript; charset=utf-8")
            },
            ConsoleRoute(method: .get, path: "/assets/report.css", kind: .page, access: .open) { _ in
                Responses.bytes(Array(WorkerReports.style.utf8), type: "text/css; charset=utf-8")
            },
            // Any signed-in account.
            ConsoleRoute(method: .post, path: "/logout", kind: .page, access: .signedIn(nil)) { call in try await self.logout(call) },
            ConsoleRoute(method: .get, path: "/api/session", kind: .api, access: .signedIn(nil)) { call in try self.session(call) },
            ConsoleRoute(method: .get, path: "/api/stations", kind: .api, access: .signedIn(.view)) { call in try await self.stationsJSON(call) },
            ConsoleRoute(method: .get, path: "/api/stations/events", kind: .api, access: .signedIn(.view)) { call in try await self.stationEvents(call) },
            ConsoleRoute(method: .get, path: "/api/levels", kind: .api, access: .signedIn(.view)) { call in try await self.levelsJSON(call) },
            ConsoleRoute(method: .post, path: "/api/levels", kind: .api, access: .signedIn(.setLevels)) { call in try await self.setLevelJSON(call) },
            ConsoleRoute(method: .get, path: "/api/export/:file", kind: .api, access: .signedIn(.export),
                         alsoNeeds: Self.namesPermission) { call in try await self.exportFile(call) },
            ConsoleRoute(method: .get, path: "/api/audit", kind: .api, access: .signedIn(.readAudit)) { call in try await self.auditJSON(call) },
            // Pages.
            ConsoleRoute(method: .get, path: "/", kind: .page, access: .signedIn(.view)) { call in try await self.stationsPage(call) },
            ConsoleRoute(method: .get, path: "/workers/:worker", kind: .page, access: .signedIn(.view)) { call in try await self.progressPage(call) },
            ConsoleRoute(method: .get, path: "/levels", kind: .page, access: .signedIn(.view)) { call in try await self.levelsPage(call) },
            ConsoleRoute(method: .post, path: "/levels", kind: .page, access: .signedIn(.setLevels)) { call in try await self.setLevelForm(call) },
            ConsoleRoute(method: .get, path: "/exports", kind: .page, access: .signedIn(.export)) { call in try self.exportsPage(call) },
            ConsoleRoute(method: .get, path: "/exports/download", kind: .page, access: .signedIn(.export),
                         alsoNeeds: Self.namesPermission) { call in try await self.exportDownload(call) },
            ConsoleRoute(method: .get, path: "/audit", kind: .page, access: .signedIn(.readAudit)) { call in try await self.auditPage(call) },
            ConsoleRoute(method: .get, path: "/accounts", kind: .page, access: .signedIn(.manageAccounts)) { call in try await self.accountsPage(call) },
            ConsoleRoute(method: .post, path: "/accounts", kind: .page, access: .signedIn(.manageAccounts)) { call in try await self.addAccount(call) },
            ConsoleRoute(method: .post, path: "/accounts/passwd", kind: .page, access: .signedIn(.manageAccounts)) { call in try await self.changePassword(call) },
            ConsoleRoute(method: .post, path: "/accounts/remove", kind: .page, access: .signedIn(.manageAccounts)) { call in try await self.removeAccount(call) },
            ConsoleRoute(method: .post, path: "/names", kind: .page, access: .signedIn(.displayNames)) { call in try await self.setDisplayName(call) },
            ConsoleRoute(method: .get, path: "/purge", kind: .page, access: .signedIn(.purge)) { call in try self.purgePage(call) },
            ConsoleRoute(method: .post, path: "/purge", kind: .page, access: .signedIn(.purge)) { call in try await self.purge(call) },
        ] + workerRoutes()
    }

    /// Names in an export are the admin's alone.
    @Sendable static func namesPermission(_ query: FormFields) -> Permission? {
        query.given("with_names") == "1" ? .exportWithNames : nil
    }
}
