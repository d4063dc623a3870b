import Foundation
import Hummingbird
import JSONLines
import Journal
import Operations

/// The HTML pages. Forms post back with the session's CSRF token and
/// redirect (303) to a page that shows the result.
extension Console {
    func frame(_ call: Call, section: String) -> Pages.Frame {
        Pages.Frame(language: call.language, signedIn: call.signedIn, path: call.request.uri.path, section: section)
    }

    func text(_ call: Call, _ key: String) -> String {
        PageText.table(call.language)[key] ?? key
    }

    func loginPage(_ call: Call) -> Response {
        if call.signedIn != nil { return Responses.redirect(to: "/") }
        return Responses.html(pages.page("login", heading: text(call, "login_title"), values: [:], frame: frame(call, section: "login")))
    }

    /// `POST /login`: the throttle first (the 6th try on is 429, right
    /// password or not), then bcrypt; a success drops any session the
    /// browser brought (no fixation) and starts a new one.
    func login(_ call: Call) async throws -> Response {
        guard Self.mediaType(call.request) == "application/x-www-form-urlencoded" else {
            throw ConsoleError.unsupportedMediaType("application/x-www-form-urlencoded")
        }
        let name = String((call.form["name"] ?? "").prefix(64))
        let password = call.form["password"] ?? ""
        guard await throttle.allows(name) else {
            return loginRefused(call, key: "login_throttled", status: .tooManyRequests)
        }
        let workshop = self.workshop
        let account = try await Blocking.run {
            try workshop.accounts.authenticate(name: name, password: password)
        }
        guard let account else {
            await throttle.failed(name)
            return loginRefused(call, key: "login_failed", status: .unauthorized)
        }
        await throttle.succeeded(name)
        if sessions.getId(request: call.request) != nil { _ = try? await sessions.delete(request: call.request) }
        let session = ConsoleSession(account: account.name.text, csrf: ConsoleSession.newToken(), started: clock.wallMicros())
        let cookie = try await sessions.save(session: session, expiresIn: Self.sessionLifetime)
        var response = Responses.redirect(to: "/")
        response.setCookie(cookie)
        return response
    }

    private func loginRefused(_ call: Call, key: String, status: HTTPResponse.Status) -> Response {
        let page = pages.page("login", heading: text(call, "login_title"), values: ["message": text(call, key)],
                              frame: frame(call, section: "login"))
        return Responses.html(page, status: status)
    }

    func logout(_ call: Call) async throws -> Response {
        var response = Responses.redirect(to: "/login")
        if let cookie = try? await sessions.delete(request: call.request) { response.setCookie(cookie) }
        return response
    }

    func stationsPage(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let rows = try await Blocking.run { try workshop.stations() }
        var states = JSONLineBuilder()
        for state in ["idle", "working", "blocked"] { states.add(state, string: text(call, "state_\(state)")) }
        let values: [String: Any] = ["any": !rows.isEmpty, "states": states.line, "rows": rows.map { row -> [String: Any] in
            [
                "station": row.station, "name": row.name, "worker": row.worker ?? "–", "product": row.product ?? "–",
                "step": row.step ?? "–", "state": row.state, "stateText": text(call, "state_\(row.state)"),
                "openError": row.openError.map { "\($0.kind) \($0.input)" } ?? "–", "updatedAt": row.updatedAt,
            ]
        }]
        var frame = frame(call, section: "stations")
        frame.live = true
        return Responses.html(pages.page("stations", heading: text(call, "stations_title"), values: values, frame: frame))
    }

    func progressPage(_ call: Call) async throws -> Response {
        guard let worker = call.context.parameters.get("worker") else { throw ConsoleError.notFound }
        let since = call.query.given("since"), until = call.query.given("until")
        let request: ReportRequest
        do {
            request = try ReportRequest(worker: worker, since: since, until: until,
                                        language: call.language == .nl ? .nl : .en, destination: "console")
        } catch {
            throw ConsoleError(error)
        }
        let workshop = self.workshop
        let actor = try call.account.actor
        let html = try await Blocking.run { try workshop.report(request, by: actor) }
        let values: [String: Any] = ["report": Self.reportBody(html), "since": since ?? "", "until": until ?? "",
                                     "workerPath": Self.pathSegment(worker)]
        var frame = frame(call, section: "workers")
        frame.reportStyle = true
        return Responses.html(pages.page("progress", heading: "\(text(call, "progress_title")) \(worker)", values: values, frame: frame))
    }

    /// The report's `<body>` content: its style comes from /assets/report.css
    /// (the page's policy allows no inline style).
    static func reportBody(_ html: String) -> String {
        guard let open = html.range(of: "<body>"), let close = html.range(of: "</body>", range: open.upperBound..<html.endIndex) else {
            return ""
        }
        return String(html[open.upperBound..<close.lowerBound])
    }

    /// A worker id as one path segment of a link.
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    func levelsPage(_ call: Call) async throws -> Response {
        let (worker, product) = try Self.workerAndProduct(call.query)
        let workshop = self.workshop
        let (history, products) = try await Blocking.run {
            (try workshop.levelHistory(worker: worker, product: product), try workshop.registeredProducts())
        }
        let role = try call.account.account.role
        var values: [String: Any] = [
            "any": !history.isEmpty, "may_set": role.may(.setLevels), "products": Array(Set(products)).sorted(),
            "worker": worker ?? "", "product": product ?? "",
            "rows": history.map { change -> [String: Any] in
                ["setAt": UTCTime.format(change.at), "worker": change.worker, "product": change.product, "level": change.level,
                 "setBy": change.by, "reason": change.reason ?? ""]
            },
        ]
        if call.query.given("saved") == "1" { values["message"] = text(call, "level_saved") }
        return Responses.html(pages.page("levels", heading: text(call, "levels_title"), values: values, frame: frame(call, section: "levels")))
    }

    func setLevelForm(_ call: Call) async throws -> Response {
        guard let levelText = call.form.given("level"), levelText.count <= 2, let level = Int(levelText) else {
            throw ConsoleError.badRequest("level must be 1, 2 or 3")
        }
        let request: LevelRequest
        do {
            request = try LevelRequest(worker: call.form.given("worker") ?? "", product: call.form.given("product") ?? "",
                                       level: level, reason: call.form.given("reason"))
        } catch {
            throw ConsoleError(error)
        }
        try await setLevel(request, by: call.account)
        return Responses.redirect(to: "/levels?saved=1")
    }

    func exportsPage(_ call: Call) throws -> Response {
        let values: [String: Any] = ["may_names": try call.account.account.role.may(.exportWithNames)]
        return Responses.html(pages.page("exports", heading: text(call, "exports_title"), values: values, frame: frame(call, section: "exports")))
    }

    /// The export form's download: the same request and bytes as `GET /api/export/WHAT.FORMAT`.
    func exportDownload(_ call: Call) async throws -> Response {
        guard let table = call.query.given("what").flatMap(JournalExport.Table.init(rawValue:)),
              let format = call.query.given("format").flatMap(ExportFormat.init(rawValue:)) else {
            throw ConsoleError.badRequest("what must be cycles, steps, errors or summary; format csv, json or xlsx")
        }
        var query = call.query
        query.remove("what")
        query.remove("format")
        let request = try exportRequest(table: table, format: format, fields: query, allowed: Self.exportQueryFields)
        let bytes = try await export(request, by: call.account)
        return Responses.bytes(bytes, type: Self.contentType(format), download: "\(table.rawValue).\(format.rawValue)")
    }

    func auditPage(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let entries = try await Blocking.run { try workshop.audit() }
        let values: [String: Any] = ["any": !entries.isEmpty, "rows": entries.map { entry -> [String: Any] in
            ["at": UTCTime.format(entry.at), "account": entry.by, "what": entry.action, "detail": entry.details]
        }]
        return Responses.html(pages.page("audit", heading: text(call, "audit_title"), values: values, frame: frame(call, section: "audit")))
    }
}
